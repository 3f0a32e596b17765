using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// Any sequence collection as a MessagePack array of its elements, in enumeration order; nil for null. Reading
/// collects the elements into a list and hands it to <paramref name="build"/> (see <see cref="CollectionBuilders"/>),
/// so one class serves every collection type and generated code only names the builder.
/// </summary>
public sealed class SequenceFormatter<TCollection, T>(IMessagePackFormatter<T> element, Func<List<T>, TCollection> build)
    : IMessagePackFormatter<TCollection>
    where TCollection : class, IEnumerable<T>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TCollection value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
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

    /// <inheritdoc />
    public TCollection Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var list = new List<T>(count);
            for (var i = 0; i < count; i++) list.Add(element.Deserialize(ref reader, options));
            return build(list);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary>
/// Any dictionary as a MessagePack map; nil for null. Reading collects the entries in order and hands them to
/// <paramref name="build"/> (see <see cref="CollectionBuilders"/>).
/// </summary>
public sealed class MapFormatter<TDictionary, TKey, TValue>(
    IMessagePackFormatter<TKey> key, IMessagePackFormatter<TValue> value, Func<List<KeyValuePair<TKey, TValue>>, TDictionary> build)
    : IMessagePackFormatter<TDictionary>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TDictionary map, MessagePackSerializerOptions options)
    {
        if (map is null) { writer.WriteNil(); return; }
        // A ConcurrentDictionary may change while enumerated; a snapshot gives a count that matches the entries.
        var entries = map is ICollection<KeyValuePair<TKey, TValue>> { IsReadOnly: false } c && !IsConcurrent(map)
            ? c
            : (ICollection<KeyValuePair<TKey, TValue>>)map.ToList();
        writer.WriteMapHeader(entries.Count);
        foreach (var entry in entries)
        {
            key.Serialize(ref writer, entry.Key, options);
            value.Serialize(ref writer, entry.Value, options);
        }
    }

    private static bool IsConcurrent(TDictionary map) =>
        map.GetType().Namespace == "System.Collections.Concurrent";

    /// <inheritdoc />
    public TDictionary Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var list = new List<KeyValuePair<TKey, TValue>>(count);
            for (var i = 0; i < count; i++)
            {
                var k = key.Deserialize(ref reader, options);
                var v = value.Deserialize(ref reader, options);
                list.Add(new KeyValuePair<TKey, TValue>(k, v));
            }
            return build(list);
        }
        finally
        {
            reader.Depth--;
        }
    }
}
