using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// Any sequence collection as a MessagePack array of its elements, in enumeration order; nil for null. Reading hands
/// the elements, as they are read, to <paramref name="build"/> (see <see cref="CollectionBuilders"/>), so one class
/// serves every collection type and generated code only names the builder.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SequenceFormatter<TCollection, T>(IMessagePackFormatter<T> element, ICollectionBuilder<T, TCollection> build)
    : IMessagePackFormatter<TCollection>
    where TCollection : class, IEnumerable<T>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TCollection value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        // Lists and arrays (most collections in state) are walked as spans: no enumerator, no interface call per element.
        if (value is List<T> list)
        {
            WriteSpan(ref writer, CollectionsMarshal.AsSpan(list), options);
            return;
        }
        if (value is T[] array)
        {
            WriteSpan(ref writer, array, options);
            return;
        }
        // Count first: a collection that cannot say its count is copied once.
        IEnumerable<T> items = value is ICollection<T> or IReadOnlyCollection<T> ? value : value.ToList();
        var count = items switch
        {
            ICollection<T> c => c.Count,
            IReadOnlyCollection<T> r => r.Count,
            _ => 0,
        };
        writer.WriteArrayHeader(count);
        foreach (var item in items) element.Serialize(ref writer, item, options);
    }

    private void WriteSpan(ref MessagePackWriter writer, ReadOnlySpan<T> items, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items) element.Serialize(ref writer, item, options);
    }

    /// <inheritdoc />
    public TCollection Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var source = new ElementReader<T>(reader, element, options);
            var result = build.Build(count, ref source);
            reader = source.Reader;
            return result;
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary>
/// Any dictionary as a MessagePack map; nil for null. Reading hands the entries, in order, as they are read, to
/// <paramref name="build"/> (see <see cref="CollectionBuilders"/>).
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MapFormatter<TDictionary, TKey, TValue>(
    IMessagePackFormatter<TKey> key, IMessagePackFormatter<TValue> value, ICollectionBuilder<KeyValuePair<TKey, TValue>, TDictionary> build)
    : IMessagePackFormatter<TDictionary>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    // Keys and values that are one MessagePack scalar each are read and written without an interface call per entry
    // when they are value types (ScalarValues).
    private readonly bool scalars = ScalarValues.Is(key) && ScalarValues.Is(value);

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TDictionary map, MessagePackSerializerOptions options)
    {
        if (map is null) { writer.WriteNil(); return; }
        // The common map walked with its own struct enumerator: no boxing, no interface call per entry.
        if (map is Dictionary<TKey, TValue> dictionary)
        {
            writer.WriteMapHeader(dictionary.Count);
            foreach (var entry in dictionary) WriteEntry(ref writer, entry, options);
            return;
        }
        // A ConcurrentDictionary may change while enumerated (so may a read-only wrapper over one): a copy gives a
        // count that matches the entries.
        var entries = map is ICollection<KeyValuePair<TKey, TValue>> { IsReadOnly: false } c and not ConcurrentDictionary<TKey, TValue>
            ? c
            : (ICollection<KeyValuePair<TKey, TValue>>)map.ToList();
        writer.WriteMapHeader(entries.Count);
        foreach (var entry in entries) WriteEntry(ref writer, entry, options);
    }

    private void WriteEntry(ref MessagePackWriter writer, KeyValuePair<TKey, TValue> entry, MessagePackSerializerOptions options)
    {
        if (scalars)
        {
            ScalarValues.Write(ref writer, entry.Key, key, options);
            ScalarValues.Write(ref writer, entry.Value, value, options);
            return;
        }
        key.Serialize(ref writer, entry.Key, options);
        value.Serialize(ref writer, entry.Value, options);
    }

    /// <inheritdoc />
    public TDictionary Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var source = new EntryReader<TKey, TValue>(reader, key, value, options, scalars);
            var result = build.Build(count, ref source);
            reader = source.Reader;
            return result;
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary>
/// The elements of a MessagePack array, read one by one as a builder asks for them. Holds a copy of the reader (a ref
/// field cannot refer to a ref struct); the caller takes the advanced reader back afterwards.
/// </summary>
internal ref struct ElementReader<T>(MessagePackReader reader, IMessagePackFormatter<T> element, MessagePackSerializerOptions options)
    : IElementSource<T>
{
    public MessagePackReader Reader = reader;

    public T Next() => element.Deserialize(ref Reader, options);
}

/// <summary>The entries of a MessagePack map, read one by one as a builder asks for them (a copy of the reader, as above).</summary>
internal ref struct EntryReader<TKey, TValue>(
    MessagePackReader reader, IMessagePackFormatter<TKey> key, IMessagePackFormatter<TValue> value, MessagePackSerializerOptions options, bool scalars)
    : IElementSource<KeyValuePair<TKey, TValue>>
{
    public MessagePackReader Reader = reader;

    public KeyValuePair<TKey, TValue> Next()
    {
        if (scalars)
        {
            var scalarKey = ScalarValues.Read(ref Reader, key, options);
            return new KeyValuePair<TKey, TValue>(scalarKey, ScalarValues.Read(ref Reader, value, options));
        }
        var k = key.Deserialize(ref Reader, options);
        return new KeyValuePair<TKey, TValue>(k, value.Deserialize(ref Reader, options));
    }
}
