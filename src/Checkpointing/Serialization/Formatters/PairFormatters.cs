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
    // An entry of two scalars (a dictionary of string → long, say) holds nothing that can nest: no depth step, and
    // its value-type parts are read without an interface call (ScalarValues).
    private readonly bool scalars = ScalarValues.Is(key) && ScalarValues.Is(value);

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, KeyValuePair<TKey, TValue> pair, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        if (scalars)
        {
            ScalarValues.Write(ref writer, pair.Key, key, options);
            ScalarValues.Write(ref writer, pair.Value, value, options);
            return;
        }
        key.Serialize(ref writer, pair.Key, options);
        value.Serialize(ref writer, pair.Value, options);
    }

    /// <inheritdoc />
    public KeyValuePair<TKey, TValue> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 2);
        if (scalars)
        {
            var scalarKey = ScalarValues.Read(ref reader, key, options);
            return new KeyValuePair<TKey, TValue>(scalarKey, ScalarValues.Read(ref reader, value, options));
        }
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
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Header(ref MessagePackReader reader, int expected)
    {
        var count = reader.ReadArrayHeader();
        if (count != expected) throw Mismatch(expected, count);
    }

    private static MessagePackSerializationException Mismatch(int expected, int count) =>
        new($"Expected an array of {expected} items for a tuple, found {count}.");
}
