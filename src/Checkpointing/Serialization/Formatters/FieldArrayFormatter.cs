using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// A hand-written formatter for a connector's own state type (a split, a transaction handle), stored as a MessagePack
/// array of its fields — the layout generated formatters use. Reading checks that the array holds at least the fields
/// this version knows, naming the type and its fields when it does not, and skips the fields a newer version appended,
/// so such state types can grow without breaking restores.
/// </summary>
/// <typeparam name="T">The state type.</typeparam>
public abstract class FieldArrayFormatter<T> : IMessagePackFormatter<T>
{
    private readonly string description;
    private readonly string[] fields;

    /// <summary>A formatter for <paramref name="description"/> ("a Kafka partition split") with <paramref name="fields"/> in stored order.</summary>
    protected FieldArrayFormatter(string description, params string[] fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        if (fields.Length == 0) throw new ArgumentException("A field array formatter needs at least one field.", nameof(fields));
        this.description = description;
        this.fields = fields;
    }

    /// <summary>Writes the fields, exactly as many as were named, in their order.</summary>
    protected abstract void WriteFields(ref MessagePackWriter writer, T value);

    /// <summary>Reads the named fields in their order and builds the value.</summary>
    protected abstract T ReadFields(ref MessagePackReader reader);

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(fields.Length);
        WriteFields(ref writer, value);
    }

    /// <inheritdoc />
    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < fields.Length)
            throw new MessagePackSerializationException($"{char.ToUpperInvariant(description[0])}{description[1..]} needs {fields.Length} elements ({string.Join(", ", fields)}), found {count}.");
        var value = ReadFields(ref reader);
        for (var i = fields.Length; i < count; i++) reader.Skip();
        return value;
    }

    /// <summary>Reads a string field that must be present.</summary>
    protected string ReadRequiredString(ref MessagePackReader reader, string field) =>
        reader.ReadString() ?? throw new MessagePackSerializationException($"{char.ToUpperInvariant(description[0])}{description[1..]} has no {field}.");

    /// <summary>Writes an optional 64-bit field, nil when absent.</summary>
    protected static void WriteOptional(ref MessagePackWriter writer, long? value)
    {
        if (value is { } v) writer.Write(v);
        else writer.WriteNil();
    }

    /// <summary>Reads an optional 64-bit field written by <see cref="WriteOptional"/>.</summary>
    protected static long? ReadOptional(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadInt64();
}
