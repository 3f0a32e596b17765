using System.Globalization;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Sends a batch of records as rows on a connection: binary COPY, or one multi-row INSERT over <c>unnest</c> of one
/// array per column (with ON CONFLICT … DO UPDATE for upserts). SQL text holds only quoted names and <c>$n</c>
/// placeholders; every value is a parameter or a COPY field.
/// </summary>
internal sealed class RowWriter<T>
{
    private readonly IReadOnlyList<SinkColumn<T>> columns;
    private readonly PostgreSqlWriteMethod method;
    private readonly string copyCommand;
    private readonly string insertText;
    private readonly string? conflictTail;
    private readonly int[] keyIndexes;

    public RowWriter(PostgreSqlSinkOptions<T> options)
    {
        columns = options.Columns.Columns;
        var table = SqlNames.Table(options.Schema, options.Table);
        var names = SqlNames.List(columns.Select(c => c.Name));
        method = options.Mode == PostgreSqlSinkMode.Upsert ? PostgreSqlWriteMethod.MultiRowInsert : options.WriteMethod;
        copyCommand = $"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)";
        keyIndexes = [.. options.KeyColumns.Select(k => columns.ToList().FindIndex(c => c.Name == k))];
        if (options.Mode == PostgreSqlSinkMode.Upsert)
        {
            var updated = columns.Where(c => !options.KeyColumns.Contains(c.Name)).Select(c => $"{SqlNames.Quote(c.Name)} = EXCLUDED.{SqlNames.Quote(c.Name)}").ToList();
            conflictTail = $" ON CONFLICT ({SqlNames.List(options.KeyColumns)}) " + (updated.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", updated));
        }
        var arrays = string.Join(", ", columns.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        insertText = $"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}){conflictTail}";
    }

    /// <summary>Writes <paramref name="count"/> records of <paramref name="rows"/>.</summary>
    /// <remarks>Synchronous: it runs on the pipeline's own thread, and per-row awaits cost more than the COPY itself.</remarks>
    public void Write(NpgsqlConnection connection, T[] rows, int count)
    {
        if (count == 0) return;
        if (method == PostgreSqlWriteMethod.BinaryCopy)
        {
            Copy(connection, rows, count);
            return;
        }
        var (source, length) = conflictTail is null ? (rows, count) : LastPerKey(rows, count);
        Insert(connection, source, length);
    }

    private void Copy(NpgsqlConnection connection, T[] rows, int count)
    {
        using var importer = connection.BeginBinaryImport(copyCommand);
        for (var i = 0; i < count; i++)
        {
            importer.StartRow();
            foreach (var column in columns) column.Write(importer, rows[i]);
        }
        importer.Complete();
    }

    /// <summary>
    /// One statement for the whole batch: each column's values travel as one array parameter and
    /// <c>unnest</c> turns them back into rows, so the server parses a statement with one parameter per column
    /// instead of one per value.
    /// </summary>
    private void Insert(NpgsqlConnection connection, T[] rows, int count)
    {
        using var command = new NpgsqlCommand(insertText, connection);
        foreach (var column in columns) command.Parameters.Add(column.ArrayParameter(rows, count));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The batch with only the last record of each key, in first-seen order: one statement may not update a row twice
    /// (ON CONFLICT DO UPDATE refuses it), and the last write of a key is the one an upsert keeps.
    /// </summary>
    private (T[] Rows, int Count) LastPerKey(T[] rows, int count)
    {
        var positions = new Dictionary<Key, int>(count);
        var result = new T[count];
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var key = new Key([.. keyIndexes.Select(k => columns[k].Value(rows[i]))]);
            if (positions.TryGetValue(key, out var at)) result[at] = rows[i];
            else
            {
                positions.Add(key, length);
                result[length++] = rows[i];
            }
        }
        return (result, length);
    }

    private readonly struct Key(object?[] values) : IEquatable<Key>
    {
        private readonly object?[] values = values;

        public bool Equals(Key other) => values.SequenceEqual(other.values);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in values) hash.Add(value);
            return hash.ToHashCode();
        }
    }
}
