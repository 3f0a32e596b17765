using Npgsql;
using NpgsqlTypes;

namespace Checkpointing.PostgreSql;

/// <summary>
/// How a record becomes a row: an ordered list of columns, each a name and a function that reads its value from the
/// record. Values are sent as typed parameters or binary COPY fields, never as SQL text.
/// </summary>
public sealed class ColumnMapping<T>
{
    private readonly List<SinkColumn<T>> columns = [];

    /// <summary>The columns in order.</summary>
    internal IReadOnlyList<SinkColumn<T>> Columns => columns;

    /// <summary>Adds column <paramref name="name"/> with the value <paramref name="value"/> reads from a record; <paramref name="type"/> when the CLR type does not say it (e.g. <c>jsonb</c>).</summary>
    public ColumnMapping<T> Column<TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (columns.Any(c => c.Name == name)) throw new ArgumentException($"Column '{name}' is mapped twice.", nameof(name));
        columns.Add(new SinkColumn<T, TValue>(name, value, type));
        return this;
    }
}

/// <summary>One mapped column; typed in <see cref="SinkColumn{T, TValue}"/> so values are not boxed on the way out.</summary>
internal abstract class SinkColumn<T>(string name)
{
    public string Name { get; } = name;

    /// <summary>Writes the record's value as the next field of a binary COPY row.</summary>
    public abstract void Write(NpgsqlBinaryImporter importer, T record);

    /// <summary>The record's value as a positional parameter.</summary>
    public abstract NpgsqlParameter Parameter(T record);

    /// <summary>The values of <paramref name="count"/> records as one array parameter, for <c>unnest</c>.</summary>
    public abstract NpgsqlParameter ArrayParameter(T[] records, int count);

    /// <summary>The record's value, boxed: for comparing upsert keys.</summary>
    public abstract object? Value(T record);
}

internal sealed class SinkColumn<T, TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type) : SinkColumn<T>(name)
{
    public override void Write(NpgsqlBinaryImporter importer, T record)
    {
        var v = value(record);
        if (v is null) importer.WriteNull();
        else if (type is { } t) importer.Write(v, t);
        else importer.Write(v);
    }

    public override NpgsqlParameter Parameter(T record)
    {
        var v = value(record);
        // A null goes as an untyped NULL, which the server types from the target column.
        NpgsqlParameter parameter = v is null ? new NpgsqlParameter { Value = DBNull.Value } : new NpgsqlParameter<TValue> { TypedValue = v };
        if (type is { } t) parameter.NpgsqlDbType = t;
        return parameter;
    }

    public override NpgsqlParameter ArrayParameter(T[] records, int count)
    {
        var values = new TValue[count];
        for (var i = 0; i < count; i++) values[i] = value(records[i]);
        var parameter = new NpgsqlParameter<TValue[]> { TypedValue = values };
        if (type is { } t) parameter.NpgsqlDbType = NpgsqlDbType.Array | t;
        return parameter;
    }

    public override object? Value(T record) => value(record);
}
