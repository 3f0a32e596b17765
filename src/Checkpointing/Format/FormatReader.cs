using System.Text;

namespace Checkpointing.Format;

/// <summary>
/// Reads what <see cref="FormatWriter"/> wrote. Every length is checked against what remains before it is used, and every
/// error says what was being read and at which payload offset.
/// </summary>
internal ref struct FormatReader(ReadOnlyMemory<byte> payload, string what)
{
    private readonly ReadOnlyMemory<byte> payload = payload;
    private int position;

    public readonly int Position => position;
    public readonly bool AtEnd => position == payload.Length;

    /// <summary>Bytes not read yet: a bound for counts of items that take at least one byte each.</summary>
    public readonly int Remaining => payload.Length - position;

    public ulong ReadVarUInt(string field)
    {
        var span = payload.Span;
        var start = position;
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length) throw Fail(field, start, "the payload ends inside a number");
            var b = span[position++];
            if (shift == 63 && b > 1) throw Fail(field, start, "the number is longer than 64 bits");
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                // Only the minimal encoding is valid, so that bytes re-encode to themselves.
                if (b == 0 && position - start > 1) throw Fail(field, start, "the number is not minimally encoded");
                return value;
            }
        }
        throw Fail(field, start, "the number is longer than 64 bits");
    }

    public long ReadVarInt(string field)
    {
        var raw = ReadVarUInt(field);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadCount(string field, int max = int.MaxValue)
    {
        var start = position;
        var value = ReadVarUInt(field);
        if (value > (ulong)max) throw Fail(field, start, $"{value} is out of range (at most {max})");
        return (int)value;
    }

    public byte ReadByte(string field)
    {
        if (position >= payload.Length) throw Fail(field, position, "the payload ends here");
        return payload.Span[position++];
    }

    public string ReadString(string field)
    {
        var start = position;
        var bytes = ReadBlock(field);
        try
        {
            return Strict.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(field, start, "the text is not valid UTF-8");
        }
    }

    public ReadOnlyMemory<byte> ReadBlock(string field)
    {
        var start = position;
        var length = ReadVarUInt(field);
        if (length > (ulong)(payload.Length - position))
            throw Fail(field, start, $"its length {length} runs past the end of the payload ({payload.Length - position} bytes remain)");
        var block = payload.Slice(position, (int)length);
        position += (int)length;
        return block;
    }

    public readonly void ExpectEnd()
    {
        if (!AtEnd) throw Fail("end of payload", position, $"{payload.Length - position} unexpected trailing bytes");
    }

    public readonly CheckpointFormatException Fail(string field, int offset, string problem) =>
        new($"{what}: cannot read {field} at payload offset {offset}: {problem}.");

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
