using System.Buffers;
using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// One unit holding all scalar fields of one Redistribution mode of an object: a MessagePack map from each field's
/// stored name to its value, plus <c>"$types"</c>, a map from name to the C# type written, so a restore that can no
/// longer read a value names both types. Values are kept as raw MessagePack, so a restore reads only the names the
/// class still declares and skips the rest (a removed field), and a base class and its derived class can each write
/// their own fields into the same unit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScalarUnit
{
    /// <summary>The key of the name → type map inside the unit.</summary>
    public const string TypesKey = "$types";

    private readonly Dictionary<string, (ReadOnlyMemory<byte> Value, string? Type)> entries = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Reads and writes a whole unit.</summary>
    public static IMessagePackFormatter<ScalarUnit> Formatter { get; } = new UnitFormatter();

    /// <summary>The stored names, in the order they were written.</summary>
    public IReadOnlyList<string> Names => order;

    /// <summary>Whether the unit holds a value stored under <paramref name="name"/>.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The C# type a value was written as, when the writer recorded it.</summary>
    public string? TypeOf(string name) => entries.TryGetValue(name, out var entry) ? entry.Type : null;

    /// <summary>Serializes <paramref name="value"/> now (under the checkpoint lock) and stores it under <paramref name="name"/>.</summary>
    public void Write<T>(string name, T value, IMessagePackFormatter<T> formatter, string typeName)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        formatter.Serialize(ref writer, value, CheckpointFormatters.Options);
        writer.Flush();
        Set(name, buffer.WrittenMemory, typeName);
    }

    /// <summary>Reads the value stored under <paramref name="name"/> with <paramref name="formatter"/>.</summary>
    public bool TryRead<T>(string name, IMessagePackFormatter<T> formatter, out T value)
    {
        if (!entries.TryGetValue(name, out var entry))
        {
            value = default!;
            return false;
        }
        var reader = new MessagePackReader(entry.Value);
        value = formatter.Deserialize(ref reader, CheckpointFormatters.Options);
        return true;
    }

    private void Set(string name, ReadOnlyMemory<byte> value, string? typeName)
    {
        if (name == TypesKey) throw new ArgumentException($"'{TypesKey}' is reserved.", nameof(name));
        if (!entries.ContainsKey(name)) order.Add(name);
        entries[name] = (value, typeName);
    }

    private sealed class UnitFormatter : IMessagePackFormatter<ScalarUnit>
    {
        public void Serialize(ref MessagePackWriter writer, ScalarUnit value, MessagePackSerializerOptions options)
        {
            writer.WriteMapHeader(value.order.Count + 1);
            foreach (var name in value.order)
            {
                writer.Write(name);
                writer.WriteRaw(value.entries[name].Value.Span);
            }
            writer.Write(TypesKey);
            writer.WriteMapHeader(value.order.Count);
            foreach (var name in value.order)
            {
                writer.Write(name);
                writer.Write(value.entries[name].Type);
            }
        }

        public ScalarUnit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var unit = new ScalarUnit();
            var count = reader.ReadMapHeader();
            Dictionary<string, string?>? types = null;
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString() ?? throw new MessagePackSerializationException("A scalar unit has a nil name.");
                if (name == TypesKey)
                {
                    types = [];
                    var typeCount = reader.ReadMapHeader();
                    for (var t = 0; t < typeCount; t++)
                    {
                        var key = reader.ReadString() ?? "";
                        types[key] = reader.ReadString();
                    }
                    continue;
                }
                unit.Set(name, reader.ReadRaw().ToArray(), null);
            }
            if (types is not null)
            {
                foreach (var name in unit.order)
                    if (types.TryGetValue(name, out var type)) unit.entries[name] = (unit.entries[name].Value, type);
            }
            return unit;
        }
    }
}
