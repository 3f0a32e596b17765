namespace Checkpointing.Format;

/// <summary>
/// Finds where MessagePack values end without decoding them: what lets redistribution slice a state's units as bytes
/// and lets a restore validate a block before any formatter runs.
/// </summary>
internal static class MessagePackScanner
{
    /// <summary>
    /// The length of the well-formed MessagePack value at the start of <paramref name="bytes"/>, found by the same scan
    /// (several times faster than <c>MessagePackReader.Skip</c> on a large value); -1 when it is not well-formed there.
    /// </summary>
    public static int LengthOfValue(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return SkipValue(bytes, 0);
        }
        catch (MalformedMessagePackException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The offset just past the MessagePack value that starts at <paramref name="position"/>. Reads only type codes and
    /// lengths, straight from the span (a unit is skipped in a few nanoseconds, where a MessagePackReader needs a peek and
    /// a skip per value), and keeps nested containers as a count of values still to skip, never as recursion. Every
    /// length is checked against the bytes left: a container announcing more elements than bytes remain is refused
    /// at once, as MessagePackReader does.
    /// </summary>
    public static int SkipValue(ReadOnlySpan<byte> bytes, int position)
    {
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            if ((uint)position >= (uint)bytes.Length) throw new MalformedMessagePackException(position, "the value ends before all its elements were read");
            var code = bytes[position];
            long size;        // bytes of this token: code, length fields and payload
            long elements = 0; // values a container header announces
            switch (code)
            {
                case <= 0x7F: size = 1; break;                                   // positive fixint
                case <= 0x8F: size = 1; elements = 2L * (code & 0x0F); break;     // fixmap
                case <= 0x9F: size = 1; elements = code & 0x0F; break;            // fixarray
                case <= 0xBF: size = 1 + (code & 0x1F); break;                   // fixstr
                case 0xC0 or 0xC2 or 0xC3: size = 1; break;                       // nil, false, true
                case 0xC1: throw new MalformedMessagePackException(position, "0xC1 is never used in MessagePack");
                case 0xC4: size = 2 + Length(bytes, position, 1); break;         // bin 8
                case 0xC5: size = 3 + Length(bytes, position, 2); break;         // bin 16
                case 0xC6: size = 5 + Length(bytes, position, 4); break;         // bin 32
                case 0xC7: size = 3 + Length(bytes, position, 1); break;         // ext 8 (length, type, data)
                case 0xC8: size = 4 + Length(bytes, position, 2); break;         // ext 16
                case 0xC9: size = 6 + Length(bytes, position, 4); break;         // ext 32
                case 0xCA: size = 5; break;                                       // float 32
                case 0xCB: size = 9; break;                                       // float 64
                case 0xCC or 0xD0: size = 2; break;                               // uint 8, int 8
                case 0xCD or 0xD1: size = 3; break;                               // uint 16, int 16
                case 0xCE or 0xD2: size = 5; break;                               // uint 32, int 32
                case 0xCF or 0xD3: size = 9; break;                               // uint 64, int 64
                case 0xD4: size = 3; break;                                       // fixext 1
                case 0xD5: size = 4; break;                                       // fixext 2
                case 0xD6: size = 6; break;                                       // fixext 4
                case 0xD7: size = 10; break;                                      // fixext 8
                case 0xD8: size = 18; break;                                      // fixext 16
                case 0xD9: size = 2 + Length(bytes, position, 1); break;         // str 8
                case 0xDA: size = 3 + Length(bytes, position, 2); break;         // str 16
                case 0xDB: size = 5 + Length(bytes, position, 4); break;         // str 32
                case 0xDC: size = 3; elements = Length(bytes, position, 2); break;      // array 16
                case 0xDD: size = 5; elements = Length(bytes, position, 4); break;      // array 32
                case 0xDE: size = 3; elements = 2 * Length(bytes, position, 2); break;  // map 16
                case 0xDF: size = 5; elements = 2 * Length(bytes, position, 4); break;  // map 32
                default: size = 1; break;                                          // negative fixint
            }
            if (size > bytes.Length - position)
                throw new MalformedMessagePackException(position, $"a value of {size} bytes (type code 0x{code:X2}) runs past the end of the block");
            position += (int)size;
            // Every element takes at least one byte.
            if (elements > bytes.Length - position)
                throw new MalformedMessagePackException(position - (int)size, $"a container announces {elements} elements but only {bytes.Length - position} bytes follow");
            pending += elements;
        }
        return position;
    }

    /// <summary>The big-endian length field of <paramref name="size"/> bytes after the type code at <paramref name="position"/>.</summary>
    private static long Length(ReadOnlySpan<byte> bytes, int position, int size)
    {
        if (size > bytes.Length - position - 1)
            throw new MalformedMessagePackException(position, $"the length field of type code 0x{bytes[position]:X2} runs past the end of the block");
        long length = 0;
        for (var i = 1; i <= size; i++) length = (length << 8) | bytes[position + i];
        return length;
    }
}

/// <summary>Bytes that are not a well-formed MessagePack value, found at <see cref="Position"/>.</summary>
internal sealed class MalformedMessagePackException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}
