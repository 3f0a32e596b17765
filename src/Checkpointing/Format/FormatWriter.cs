using System.Text;

namespace Checkpointing.Format;

/// <summary>
/// Writes the payload encoding: minimal unsigned LEB128 integers, length-prefixed UTF-8 strings and byte blocks.
/// <see cref="Encode"/> runs an encoder twice, once to measure and once into an array of exactly the file's size, so
/// a checkpoint file of any size is built with one allocation and its state bytes are copied once (a growing buffer
/// and a framing copy used to allocate about three times the file).
/// </summary>
internal sealed class FormatWriter
{
    private readonly byte[]? target; // null while measuring
    private int position;

    private FormatWriter(byte[]? target, int start)
    {
        this.target = target;
        position = start;
    }

    /// <summary>
    /// The bytes <paramref name="write"/> writes, in an array with <paramref name="prefix"/> bytes before them and
    /// <paramref name="suffix"/> after them left for the caller (a file's header and checksum).
    /// </summary>
    public static byte[] Encode(Action<FormatWriter> write, int prefix = 0, int suffix = 0)
    {
        var measure = new FormatWriter(null, 0);
        write(measure);
        var length = (long)prefix + measure.position + suffix;
        if (length > Array.MaxLength) throw new InvalidOperationException($"A checkpoint file of {length} bytes does not fit in one array.");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var writer = new FormatWriter(bytes, prefix);
        write(writer);
        if (writer.position != prefix + measure.position)
            throw new InvalidOperationException($"The encoder wrote {writer.position - prefix} bytes after measuring {measure.position}; it must write the same both times.");
        return bytes;
    }

    public void WriteVarUInt(ulong value)
    {
        if (target is null)
        {
            do
            {
                position++;
                value >>= 7;
            }
            while (value != 0);
            return;
        }
        while (value >= 0x80)
        {
            target[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        target[position++] = (byte)value;
    }

    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteByte(byte value)
    {
        if (target is not null) target[position] = value;
        position++;
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)length);
        if (target is not null) Encoding.UTF8.GetBytes(value, target.AsSpan(position, length));
        position += length;
    }

    public void WriteBlock(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        if (target is not null) bytes.CopyTo(target.AsSpan(position));
        position += bytes.Length;
    }
}
