using System.Buffers;
using System.Text;

namespace Checkpointing.Snapshots.Format;

/// <summary>Writes the payload encoding: minimal unsigned LEB128 integers, length-prefixed UTF-8 strings and byte blocks.</summary>
internal sealed class FormatWriter(int initialCapacity = 256)
{
    private readonly ArrayBufferWriter<byte> buffer = new(initialCapacity);

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    public void WriteVarUInt(ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    public void WriteBlock(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        buffer.Write(bytes);
    }
}
