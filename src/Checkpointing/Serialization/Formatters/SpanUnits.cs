using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// A formatter whose values can also be written and read on plain spans, with the same bytes as through
/// <see cref="MessagePackWriter"/> and <see cref="MessagePackReader"/>. State units of such a type are encoded in one
/// pass into one array of their summed exact length and decoded straight from the chunk, without the writer's buffer
/// request or the reader's sequence bookkeeping per value (SnapshotContext, UnitReader).
/// </summary>
internal interface ISpanUnits<T>
{
    /// <summary>The bytes all of <paramref name="values"/> take.</summary>
    long Length(ReadOnlySpan<T> values);

    /// <summary>Writes <paramref name="values"/> one after the other at the start of <paramref name="destination"/> (at least their <see cref="Length"/>); returns the bytes written.</summary>
    int Write(Span<byte> destination, ReadOnlySpan<T> values);

    /// <summary>Reads the value at <paramref name="position"/> and moves past it.</summary>
    T Read(ReadOnlySpan<byte> source, ref int position);
}

/// <summary>
/// Finds the span codec of a formatter: the built-in formatters of the scalars below. (Dictionary entries of two such
/// scalars were tried on spans too and measured no faster: their cost is the string decode, hashing and insert that
/// MessagePack pays as well.)
/// </summary>
internal static class SpanUnits
{
    /// <summary>The span codec of <paramref name="formatter"/>, or null when its values are written only through MessagePack's writer.</summary>
    public static ISpanUnits<T>? For<T>(IMessagePackFormatter<T> formatter) => formatter switch
    {
        _ when SpanScalars.Is(formatter) => SpanScalars.Codec<T>.Instance,
        _ => null,
    };
}

/// <summary>
/// <c>long</c>, <c>int</c>, <c>double</c> and <c>string</c> held by MessagePack's built-in formatters, on spans: the
/// bytes those formatters write, and every encoding their reader accepts for the type. The type tests are constants
/// per instantiation, so each of <see cref="Length{T}"/>, <see cref="Write{T}"/> and <see cref="Read{T}"/> compiles to one case.
/// </summary>
internal static class SpanScalars
{
    // MessagePack writes strings as UTF-8 without a byte order mark and reads invalid bytes as replacement characters.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Whether <paramref name="formatter"/> is MessagePack's built-in formatter of one of the scalars here.</summary>
    public static bool Is<T>(IMessagePackFormatter<T> formatter) =>
        formatter is Int64Formatter or Int32Formatter or DoubleFormatter or NullableStringFormatter;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length<T>(T value)
    {
        if (typeof(T) == typeof(long)) return PackedInt64.Length(Unsafe.As<T, long>(ref value));
        if (typeof(T) == typeof(int)) return PackedInt64.Length(Unsafe.As<T, int>(ref value));
        if (typeof(T) == typeof(double)) return 9;
        return StringLength(Unsafe.As<T, string?>(ref value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write<T>(Span<byte> destination, T value)
    {
        if (typeof(T) == typeof(long)) return PackedInt64.Write(destination, Unsafe.As<T, long>(ref value));
        if (typeof(T) == typeof(int)) return PackedInt64.Write(destination, Unsafe.As<T, int>(ref value));
        if (typeof(T) == typeof(double))
        {
            BinaryPrimitives.WriteDoubleBigEndian(destination[1..], Unsafe.As<T, double>(ref value));
            destination[0] = MessagePackCode.Float64;
            return 9;
        }
        return WriteString(destination, Unsafe.As<T, string?>(ref value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Read<T>(ReadOnlySpan<byte> source, ref int position)
    {
        if (typeof(T) == typeof(long))
        {
            var value = PackedInt64.Read(source, ref position);
            return Unsafe.As<long, T>(ref value);
        }
        if (typeof(T) == typeof(int))
        {
            var start = position;
            var wide = PackedInt64.Read(source, ref position);
            if (wide is < int.MinValue or > int.MaxValue)
            {
                position = start;
                throw new MessagePackSerializationException($"The integer {wide} at byte {start} does not fit an int.");
            }
            var value = (int)wide;
            return Unsafe.As<int, T>(ref value);
        }
        if (typeof(T) == typeof(double))
        {
            var value = ReadDouble(source, ref position);
            return Unsafe.As<double, T>(ref value);
        }
        var text = ReadString(source, ref position);
        return Unsafe.As<string?, T>(ref text);
    }

    private static int StringLength(string? value)
    {
        if (value is null) return 1;
        var bytes = Utf8.GetByteCount(value);
        return StringHeaderLength(bytes) + bytes;
    }

    // MessagePack's writer: fixstr up to 31 bytes, then str8, str16, str32.
    private static int StringHeaderLength(int bytes) => bytes switch
    {
        <= MessagePackRange.MaxFixStringLength => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int WriteString(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            destination[0] = MessagePackCode.Nil;
            return 1;
        }
        var bytes = Utf8.GetByteCount(value);
        var header = StringHeaderLength(bytes);
        switch (header)
        {
            case 1: destination[0] = (byte)(MessagePackCode.MinFixStr | bytes); break;
            case 2: destination[0] = MessagePackCode.Str8; destination[1] = (byte)bytes; break;
            case 3: destination[0] = MessagePackCode.Str16; BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)bytes); break;
            default: destination[0] = MessagePackCode.Str32; BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)bytes); break;
        }
        Utf8.GetBytes(value, destination[header..]);
        return header + bytes;
    }

    private static string? ReadString(ReadOnlySpan<byte> source, ref int position)
    {
        var at = position;
        if ((uint)at >= (uint)source.Length) throw new MessagePackSerializationException("The bytes end where a string was expected.");
        var code = source[at];
        int header, length;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            header = 1;
            length = code & 0x1F;
        }
        else
        {
            var rest = source[(at + 1)..];
            switch (code)
            {
                case MessagePackCode.Nil: position = at + 1; return null;
                case MessagePackCode.Str8 when rest.Length >= 1: header = 2; length = rest[0]; break;
                case MessagePackCode.Str16 when rest.Length >= 2: header = 3; length = BinaryPrimitives.ReadUInt16BigEndian(rest); break;
                case MessagePackCode.Str32 when rest.Length >= 4:
                    header = 5;
                    var wide = BinaryPrimitives.ReadUInt32BigEndian(rest);
                    if (wide > int.MaxValue) throw new MessagePackSerializationException($"The string at byte {at} announces {wide} bytes.");
                    length = (int)wide;
                    break;
                case MessagePackCode.Str8 or MessagePackCode.Str16 or MessagePackCode.Str32:
                    throw new MessagePackSerializationException($"The string at byte {at} is cut short.");
                default:
                    throw new MessagePackSerializationException($"Unexpected msgpack code {code} ({MessagePackCode.ToFormatName(code)}) encountered where a string was expected.");
            }
        }
        if (source.Length - at - header < length) throw new MessagePackSerializationException($"The string at byte {at} is cut short.");
        position = at + header + length;
        return Utf8.GetString(source.Slice(at + header, length));
    }

    private static double ReadDouble(ReadOnlySpan<byte> source, ref int position)
    {
        var at = position;
        if ((uint)at < (uint)source.Length)
        {
            var rest = source[(at + 1)..];
            switch (source[at])
            {
                case MessagePackCode.Float64 when rest.Length >= 8: position = at + 9; return BinaryPrimitives.ReadDoubleBigEndian(rest);
                case MessagePackCode.Float32 when rest.Length >= 4: position = at + 5; return BinaryPrimitives.ReadSingleBigEndian(rest);
                case MessagePackCode.Float64 or MessagePackCode.Float32: throw new MessagePackSerializationException($"The number at byte {at} is cut short.");
            }
        }
        // MessagePack's reader also takes an integer where a double is expected.
        if ((uint)at < (uint)source.Length && !IsInteger(source[at]))
            throw new MessagePackSerializationException($"Unexpected msgpack code {source[at]} ({MessagePackCode.ToFormatName(source[at])}) encountered where a double was expected.");
        return PackedInt64.Read(source, ref position);
    }

    private static bool IsInteger(byte code) =>
        code <= MessagePackRange.MaxFixPositiveInt || code >= MessagePackCode.MinNegativeFixInt
        || code is >= MessagePackCode.UInt8 and <= MessagePackCode.UInt64 or >= MessagePackCode.Int8 and <= MessagePackCode.Int64;

    /// <summary>The codec of one scalar type, for code that holds an <see cref="ISpanUnits{T}"/>.</summary>
    public sealed class Codec<T> : ISpanUnits<T>
    {
        public static readonly Codec<T> Instance = new();

        public long Length(ReadOnlySpan<T> values)
        {
            long total = 0;
            foreach (var value in values) total += Length<T>(value);
            return total;
        }

        public int Write(Span<byte> destination, ReadOnlySpan<T> values)
        {
            var position = 0;
            foreach (var value in values) position += Write<T>(destination[position..], value);
            return position;
        }

        public T Read(ReadOnlySpan<byte> source, ref int position) => Read<T>(source, ref position);
    }
}
