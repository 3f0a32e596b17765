using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// MessagePack integers on plain spans, for state units of <c>long</c>: the same bytes
/// <see cref="MessagePackWriter.Write(long)"/> writes (the smallest encoding of the value) and the same values
/// <see cref="MessagePackReader.ReadInt64"/> accepts, without the writer's buffer request or the reader's sequence
/// bookkeeping per value. A million units are then one tight loop over one array each way.
/// </summary>
internal static class PackedInt64
{
    /// <summary>The bytes <paramref name="value"/> takes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(long value)
    {
        if (value >= 0)
        {
            return (ulong)value switch
            {
                <= MessagePackRange.MaxFixPositiveInt => 1,
                <= byte.MaxValue => 2,
                <= ushort.MaxValue => 3,
                <= uint.MaxValue => 5,
                _ => 9,
            };
        }
        return value switch
        {
            >= MessagePackRange.MinFixNegativeInt => 1,
            >= sbyte.MinValue => 2,
            >= short.MinValue => 3,
            >= int.MinValue => 5,
            _ => 9,
        };
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least <see cref="Length(long)"/> bytes); returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, long value)
    {
        if (value >= 0)
        {
            var unsigned = (ulong)value;
            if (unsigned <= MessagePackRange.MaxFixPositiveInt)
            {
                destination[0] = (byte)unsigned;
                return 1;
            }
            if (unsigned <= byte.MaxValue)
            {
                destination[1] = (byte)unsigned;
                destination[0] = MessagePackCode.UInt8;
                return 2;
            }
            if (unsigned <= ushort.MaxValue)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)unsigned);
                destination[0] = MessagePackCode.UInt16;
                return 3;
            }
            if (unsigned <= uint.MaxValue)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)unsigned);
                destination[0] = MessagePackCode.UInt32;
                return 5;
            }
            BinaryPrimitives.WriteUInt64BigEndian(destination[1..], unsigned);
            destination[0] = MessagePackCode.UInt64;
            return 9;
        }
        if (value >= MessagePackRange.MinFixNegativeInt)
        {
            destination[0] = unchecked((byte)value);
            return 1;
        }
        if (value >= sbyte.MinValue)
        {
            destination[1] = unchecked((byte)value);
            destination[0] = MessagePackCode.Int8;
            return 2;
        }
        if (value >= short.MinValue)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[1..], (short)value);
            destination[0] = MessagePackCode.Int16;
            return 3;
        }
        if (value >= int.MinValue)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[1..], (int)value);
            destination[0] = MessagePackCode.Int32;
            return 5;
        }
        BinaryPrimitives.WriteInt64BigEndian(destination[1..], value);
        destination[0] = MessagePackCode.Int64;
        return 9;
    }

    /// <summary>Reads the integer at <paramref name="position"/> and moves past it; any integer encoding is accepted.</summary>
    /// <exception cref="MessagePackSerializationException">The value there is not an integer, does not fit a <c>long</c>, or is cut short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Read(ReadOnlySpan<byte> source, ref int position)
    {
        var at = position;
        if ((uint)at < (uint)source.Length)
        {
            var code = source[at];
            if (code <= MessagePackRange.MaxFixPositiveInt || code >= MessagePackCode.MinNegativeFixInt)
            {
                position = at + 1;
                return unchecked((sbyte)code);
            }
            var rest = source[(at + 1)..];
            switch (code)
            {
                case MessagePackCode.UInt8 when rest.Length >= 1: position = at + 2; return rest[0];
                case MessagePackCode.Int8 when rest.Length >= 1: position = at + 2; return unchecked((sbyte)rest[0]);
                case MessagePackCode.UInt16 when rest.Length >= 2: position = at + 3; return BinaryPrimitives.ReadUInt16BigEndian(rest);
                case MessagePackCode.Int16 when rest.Length >= 2: position = at + 3; return BinaryPrimitives.ReadInt16BigEndian(rest);
                case MessagePackCode.UInt32 when rest.Length >= 4: position = at + 5; return BinaryPrimitives.ReadUInt32BigEndian(rest);
                case MessagePackCode.Int32 when rest.Length >= 4: position = at + 5; return BinaryPrimitives.ReadInt32BigEndian(rest);
                case MessagePackCode.Int64 when rest.Length >= 8: position = at + 9; return BinaryPrimitives.ReadInt64BigEndian(rest);
                case MessagePackCode.UInt64 when rest.Length >= 8:
                    var unsigned = BinaryPrimitives.ReadUInt64BigEndian(rest);
                    if (unsigned > long.MaxValue) throw new MessagePackSerializationException($"The integer {unsigned} does not fit a long.");
                    position = at + 9;
                    return (long)unsigned;
            }
        }
        throw Invalid(source, at);
    }

    private static MessagePackSerializationException Invalid(ReadOnlySpan<byte> source, int at) =>
        at >= source.Length
            ? new MessagePackSerializationException("The bytes end where an integer was expected.")
            : source[at] is >= MessagePackCode.UInt8 and <= MessagePackCode.UInt64 or >= MessagePackCode.Int8 and <= MessagePackCode.Int64
                ? new MessagePackSerializationException($"The integer at byte {at} is cut short.")
                : new MessagePackSerializationException($"Unexpected msgpack code {source[at]} ({MessagePackCode.ToFormatName(source[at])}) encountered where an integer was expected.");
}
