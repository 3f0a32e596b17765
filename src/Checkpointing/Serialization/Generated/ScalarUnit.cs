using System.ComponentModel;
using MessagePack;
using Checkpointing.Serialization.Layouts;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// One unit holding all scalar fields of one Redistribution mode of an object: a MessagePack map from each field's
/// stored name to its value, plus <c>"$types"</c>, a map from name to the C# type written, so a restore that can no
/// longer read a value names both types. A restore reads only the names the class still declares and skips the rest
/// (a removed field), and a base class and its derived class can each write their own fields into the same unit.
/// </summary>
/// <remarks>
/// For generated code; not a user API.
/// Values are not copied on either side: a written value is serialized straight into the state's buffer when the unit
/// is added to the snapshot (still inside <c>SnapshotState</c>, under the checkpoint lock), and a read value stays a
/// slice of the checkpoint's bytes until its field reads it, with the options (stored layouts) of its state.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScalarUnit
{
    /// <summary>The key of the name → type map inside the unit.</summary>
    internal const string TypesKey = "$types";

    /// <summary>The key of the name → layout map: for fields of a generated type, the layout its value was written under.</summary>
    internal const string LayoutsKey = "$layouts";

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private MessagePackSerializerOptions readOptions = CheckpointFormatters.Options;

    /// <summary>Reads and writes a whole unit.</summary>
    internal static IMessagePackFormatter<ScalarUnit> Formatter { get; } = new UnitFormatter();

    /// <summary>The stored names, in the order they were written.</summary>
    internal IReadOnlyList<string> Names => order;

    /// <summary>Whether the unit holds a value stored under <paramref name="name"/>.</summary>
    internal bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The C# type a value was written as, when the writer recorded it.</summary>
    internal string? TypeOf(string name) => entries.TryGetValue(name, out var entry) ? entry.Type : null;

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="name"/>. It is serialized when the unit is added to the
    /// snapshot, before <c>SnapshotState</c> returns, so it must not change in between (generated code adds the unit
    /// right after the fields are written).
    /// </summary>
    public void Write<T>(string name, T value, IMessagePackFormatter<T> formatter, string typeName) =>
        Set(name, new Pending<T>(value, formatter, typeName));

    /// <summary>Reads the value stored under <paramref name="name"/> with <paramref name="formatter"/>.</summary>
    internal bool TryRead<T>(string name, IMessagePackFormatter<T> formatter, out T value)
    {
        if (!entries.TryGetValue(name, out var entry))
        {
            value = default!;
            return false;
        }
        if (entry is not Stored stored) throw new InvalidOperationException($"'{name}' was written into this unit, not read from a checkpoint.");
        if (formatter is ILayoutFormatter root && entry.Layout is { } storedLayout && readOptions is LayoutMappingOptions mapping)
            mapping.Alias(root.Layout, storedLayout);
        var reader = new MessagePackReader(stored.Bytes);
        value = formatter.Deserialize(ref reader, readOptions);
        return true;
    }

    private void Set(string name, Entry entry)
    {
        if (name is TypesKey or LayoutsKey) throw new ArgumentException($"'{name}' is reserved.", nameof(name));
        if (!entries.ContainsKey(name)) order.Add(name);
        entries[name] = entry;
    }

    private abstract class Entry(string? type, string? layout)
    {
        public string? Type { get; set; } = type;

        public string? Layout { get; set; } = layout;

        public abstract void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options);
    }

    private sealed class Pending<T>(T value, IMessagePackFormatter<T> formatter, string type)
        : Entry(type, (formatter as ILayoutFormatter)?.Layout.TypeName)
    {
        public override void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options) =>
            formatter.Serialize(ref writer, value, options);
    }

    private sealed class Stored(ReadOnlyMemory<byte> bytes) : Entry(null, null)
    {
        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        public override void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options) => writer.WriteRaw(Bytes.Span);
    }

    private sealed class UnitFormatter : IMessagePackFormatter<ScalarUnit>
    {
        public void Serialize(ref MessagePackWriter writer, ScalarUnit value, MessagePackSerializerOptions options)
        {
            var layouts = 0;
            foreach (var name in value.order)
                if (value.entries[name].Layout is not null) layouts++;
            writer.WriteMapHeader(value.order.Count + 1 + (layouts > 0 ? 1 : 0));
            foreach (var name in value.order)
            {
                writer.Write(name);
                value.entries[name].WriteValue(ref writer, options);
            }
            writer.Write(TypesKey);
            writer.WriteMapHeader(value.order.Count);
            foreach (var name in value.order)
            {
                writer.Write(name);
                writer.Write(value.entries[name].Type);
            }
            if (layouts == 0) return;
            writer.Write(LayoutsKey);
            writer.WriteMapHeader(layouts);
            foreach (var name in value.order)
            {
                if (value.entries[name].Layout is not { } layout) continue;
                writer.Write(name);
                writer.Write(layout);
            }
        }

        public ScalarUnit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var unit = new ScalarUnit { readOptions = options };
            var count = reader.ReadMapHeader();
            Dictionary<string, string?>? types = null;
            Dictionary<string, string?>? layouts = null;
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString() ?? throw new MessagePackSerializationException("A scalar unit has a nil name.");
                if (name is TypesKey or LayoutsKey)
                {
                    var map = ReadNames(ref reader);
                    if (name == TypesKey) types = map;
                    else layouts = map;
                    continue;
                }
                // Units are decoded from one contiguous chunk of the checkpoint, so the value is a slice of it, not a copy;
                // its end is found by scanning type codes and lengths over the span, not by MessagePackReader.Skip,
                // which walked a large object graph about as slowly as reading it.
                var rest = reader.Sequence.Slice(reader.Position);
                var length = rest.IsSingleSegment ? Format.MessagePackScanner.LengthOfValue(rest.FirstSpan) : -1;
                var raw = length >= 0 ? reader.ReadRaw(length) : reader.ReadRaw();
                unit.Set(name, new Stored(raw.IsSingleSegment ? raw.First : System.Buffers.BuffersExtensions.ToArray(raw)));
            }
            foreach (var name in unit.order)
            {
                if (types is not null && types.TryGetValue(name, out var type)) unit.entries[name].Type = type;
                if (layouts is not null && layouts.TryGetValue(name, out var layout)) unit.entries[name].Layout = layout;
            }
            return unit;
        }

        private static Dictionary<string, string?> ReadNames(ref MessagePackReader reader)
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString() ?? "";
                result[key] = reader.ReadString();
            }
            return result;
        }
    }
}
