using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary><c>KeyValuePair&lt;K,V&gt;</c> as <c>[key, value]</c>, the layout MessagePack's standard resolver uses.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class KeyValuePairFormatter<TKey, TValue>(IMessagePackFormatter<TKey> key, IMessagePackFormatter<TValue> value)
    : IMessagePackFormatter<KeyValuePair<TKey, TValue>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, KeyValuePair<TKey, TValue> pair, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        key.Serialize(ref writer, pair.Key, options);
        value.Serialize(ref writer, pair.Value, options);
    }

    /// <inheritdoc />
    public KeyValuePair<TKey, TValue> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 2);
        options.Security.DepthStep(ref reader);
        try
        {
            var k = key.Deserialize(ref reader, options);
            var v = value.Deserialize(ref reader, options);
            return new KeyValuePair<TKey, TValue>(k, v);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary>Shared checks for tuple-shaped values.</summary>
internal static class TupleReading
{
    public static void Header(ref MessagePackReader reader, int expected)
    {
        var count = reader.ReadArrayHeader();
        if (count != expected)
            throw new MessagePackSerializationException($"Expected an array of {expected} items for a tuple, found {count}.");
    }
}
