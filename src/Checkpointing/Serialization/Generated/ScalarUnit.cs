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

    // A unit read from a checkpoint is walked only as far as its fields are asked for: the map entries not walked yet
    // start at `unread`. A field asked for is decoded where it lies, so its bytes are read once (finding its end first,
    // then decoding it, read a large object graph twice); the entries walked past are kept as slices, found by scanning.
    private ReadOnlyMemory<byte> unread;
    private int unreadCount;
    private Dictionary<string, string?>? storedTypes;
    private Dictionary<string, string?>? storedLayouts;

    /// <summary>Reads and writes a whole unit.</summary>
    internal static IMessagePackFormatter<ScalarUnit> Formatter { get; } = new UnitFormatter();

    /// <summary>The C# type a value was written as, when the writer recorded it (null also when the unit is damaged).</summary>
    internal string? TypeOf(string name)
    {
        if (unreadCount > 0)
        {
            // Asked after a value failed to read: the types are stored after the values.
            try
            {
                WalkAll();
            }
            catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
            {
                unreadCount = 0;
            }
        }
        if (entries.TryGetValue(name, out var entry) && entry.Type is { } type) return type;
        return storedTypes is not null && storedTypes.TryGetValue(name, out var stored) ? stored : null;
    }

    /// <summary>
    /// The unit whose MessagePack map starts <paramref name="bytes"/>, read with <paramref name="options"/> (the stored
    /// layouts of its state). Only the map's header is read now; the values are read when asked for.
    /// </summary>
    internal static ScalarUnit Over(ReadOnlyMemory<byte> bytes, MessagePackSerializerOptions options)
    {
        var reader = new MessagePackReader(bytes);
        var count = reader.ReadMapHeader();
        return new ScalarUnit { readOptions = options, unread = bytes[(int)reader.Consumed..], unreadCount = count };
    }

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
        if (entries.TryGetValue(name, out var known)) return ReadStored(name, known, formatter, out value);
        while (NextName(out var start) is { } key)
        {
            if (key == name && CanReadInPlace(formatter))
            {
                var reader = new MessagePackReader(unread[start..]);
                try
                {
                    value = formatter.Deserialize(ref reader, readOptions);
                }
                catch
                {
                    // Kept as a slice when its end can still be found, so the types stored after it name what it was.
                    var length = Format.MessagePackScanner.LengthOfValue(unread.Span[start..]);
                    if (length < 0) unreadCount = 0;
                    else Keep(key, start, length);
                    throw;
                }
                Keep(key, start, (int)reader.Consumed);
                return true;
            }
            Keep(key, start, LengthAt(key, start));
            if (key == name) return ReadStored(name, entries[name], formatter, out value);
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// The name of the next value not walked yet, and where the value starts in the unread bytes; null when none is
    /// left. The maps of types and layouts are taken in passing.
    /// </summary>
    private string? NextName(out int valueStart)
    {
        while (unreadCount > 0)
        {
            var reader = new MessagePackReader(unread);
            var key = reader.ReadString() ?? throw new MessagePackSerializationException("A scalar unit has a nil name.");
            if (key is not (TypesKey or LayoutsKey))
            {
                valueStart = (int)reader.Consumed;
                return key;
            }
            var names = ReadNames(ref reader);
            if (key == TypesKey) storedTypes = names;
            else storedLayouts = names;
            Walked((int)reader.Consumed);
        }
        valueStart = 0;
        return null;
    }

    /// <summary>
    /// Whether a value can be decoded before the rest of the unit was walked: unless it is of a generated type whose
    /// stored layout is known only under the name it was written as (a renamed type), recorded after the values.
    /// </summary>
    private bool CanReadInPlace<T>(IMessagePackFormatter<T> formatter) =>
        formatter is not ILayoutFormatter root || readOptions is not LayoutMappingOptions mapping || mapping.Stores(root.Layout.TypeName);

    private bool ReadStored<T>(string name, Entry entry, IMessagePackFormatter<T> formatter, out T value)
    {
        if (entry is not Stored stored) throw new InvalidOperationException($"'{name}' was written into this unit, not read from a checkpoint.");
        WalkAll();
        var storedLayout = entry.Layout ?? (storedLayouts is not null && storedLayouts.TryGetValue(name, out var layout) ? layout : null);
        if (formatter is ILayoutFormatter root && storedLayout is not null && readOptions is LayoutMappingOptions mapping)
            mapping.Alias(root.Layout, storedLayout);
        var reader = new MessagePackReader(stored.Bytes);
        value = formatter.Deserialize(ref reader, readOptions);
        return true;
    }

    /// <summary>Walks the entries not walked yet, keeping each value as a slice.</summary>
    private void WalkAll()
    {
        while (NextName(out var start) is { } key) Keep(key, start, LengthAt(key, start));
    }

    /// <summary>The length of the value stored under <paramref name="key"/> at <paramref name="start"/> of the unread bytes, by scanning.</summary>
    private int LengthAt(string key, int start)
    {
        var length = Format.MessagePackScanner.LengthOfValue(unread.Span[start..]);
        if (length >= 0) return length;
        unreadCount = 0;
        throw new MessagePackSerializationException($"The value stored under '{key}' in a scalar unit is not well-formed MessagePack.");
    }

    /// <summary>Keeps the value of <paramref name="key"/> at <c>[start, start + length)</c> of the unread bytes and walks past it.</summary>
    private void Keep(string key, int start, int length)
    {
        Set(key, new Stored(unread.Slice(start, length)));
        Walked(start + length);
    }

    private void Walked(int bytes)
    {
        unread = unread[bytes..];
        unreadCount--;
    }

    private void Set(string name, Entry entry)
    {
        if (name is TypesKey or LayoutsKey) throw new ArgumentException($"'{name}' is reserved.", nameof(name));
        if (!entries.ContainsKey(name)) order.Add(name);
        entries[name] = entry;
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

    private abstract class Entry(string? type, string? layout)
    {
        public string? Type { get; } = type;

        public string? Layout { get; } = layout;

        public abstract void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options);
    }

    private sealed class Pending<T>(T value, IMessagePackFormatter<T> formatter, string type)
        : Entry(type, (formatter as ILayoutFormatter)?.Layout.TypeName)
    {
        public override void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options) =>
            formatter.Serialize(ref writer, value, options);
    }

    /// <summary>A value read from a checkpoint: its type and layout are those stored after the values.</summary>
    private sealed class Stored(ReadOnlyMemory<byte> bytes) : Entry(null, null)
    {
        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        public override void WriteValue(ref MessagePackWriter writer, MessagePackSerializerOptions options) => writer.WriteRaw(Bytes.Span);
    }

    private sealed class UnitFormatter : IMessagePackFormatter<ScalarUnit>
    {
        public void Serialize(ref MessagePackWriter writer, ScalarUnit value, MessagePackSerializerOptions options)
        {
            value.WalkAll();
            var layouts = 0;
            foreach (var name in value.order)
                if (value.LayoutOf(name) is not null) layouts++;
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
                writer.Write(value.TypeOf(name));
            }
            if (layouts == 0) return;
            writer.Write(LayoutsKey);
            writer.WriteMapHeader(layouts);
            foreach (var name in value.order)
            {
                if (value.LayoutOf(name) is not { } layout) continue;
                writer.Write(name);
                writer.Write(layout);
            }
        }

        /// <summary>
        /// Reads a whole unit where several share one chunk (so its end must be found now): walked at once, each value
        /// kept as a slice of the checkpoint's bytes, not a copy.
        /// </summary>
        public ScalarUnit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var rest = reader.Sequence.Slice(reader.Position);
            ReadOnlyMemory<byte> bytes = rest.IsSingleSegment ? rest.First : System.Buffers.BuffersExtensions.ToArray(reader.ReadRaw());
            var unit = Over(bytes, options);
            unit.WalkAll();
            if (rest.IsSingleSegment) reader.ReadRaw(bytes.Length - unit.unread.Length);
            return unit;
        }
    }

    private string? LayoutOf(string name) =>
        entries[name].Layout ?? (storedLayouts is not null && storedLayouts.TryGetValue(name, out var layout) ? layout : null);
}
