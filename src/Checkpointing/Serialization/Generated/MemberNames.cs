using System.Buffers;
using System.ComponentModel;
using System.Text;
using MessagePack;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// Member names for generated formatters, encoded once per type instead of once per object: written as raw
/// pre-encoded MessagePack strings and matched as UTF-8 bytes, so reading a user type allocates no key strings.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MemberNames
{
    /// <summary>The MessagePack encoding of <paramref name="name"/> (string header and UTF-8 bytes), for <c>WriteRaw</c>.</summary>
    public static byte[] Encode(string name)
    {
        var buffer = new ArrayBufferWriter<byte>(name.Length + 5);
        var writer = new MessagePackWriter(buffer);
        writer.Write(name);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The UTF-8 bytes of <paramref name="name"/>, to compare with <see cref="Read"/>.</summary>
    public static byte[] Utf8(string name) => Encoding.UTF8.GetBytes(name);

    /// <summary>Reads a map key as UTF-8 bytes without allocating when they are contiguous; nil reads as empty.</summary>
    public static ReadOnlySpan<byte> Read(ref MessagePackReader reader)
    {
        if (reader.TryReadNil()) return default;
        if (reader.TryReadStringSpan(out var span)) return span;
        return reader.ReadStringSequence() is { } sequence ? sequence.ToArray() : default;
    }
}
