using System.ComponentModel;
using System.Numerics;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// <c>BigInteger</c> as MessagePack binary of its little-endian two's-complement bytes. MessagePack 2.5's own
/// formatter throws on .NET for every value, so checkpoints use this one.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BigIntegerFormatter : IMessagePackFormatter<BigInteger>
{
    /// <summary>The shared instance.</summary>
    public static BigIntegerFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, BigInteger value, MessagePackSerializerOptions options) => writer.Write(value.ToByteArray());

    /// <inheritdoc />
    public BigInteger Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.ReadBytes() is { } bytes ? new BigInteger(System.Buffers.BuffersExtensions.ToArray(bytes)) : BigInteger.Zero;
}
