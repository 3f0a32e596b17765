using System.Buffers;
using System.Text;

namespace Checkpointing;

/// <summary>Reads UTF-8 lines ended by <c>\n</c> (a <c>\r</c> before it is dropped; the last line may lack the <c>\n</c>), then parses each.</summary>
internal sealed class LineRecordReader<T>(Func<string, T> parse) : IFileRecordReader<T>
{
    /// <inheritdoc />
    public string RecordName => "line";

    /// <inheritdoc />
    public bool TryRead(Stream stream, out T record)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            var length = 0;
            var any = false;
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0) break;
                any = true;
                if (b == '\n') break;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                buffer[length++] = (byte)b;
            }
            if (!any)
            {
                record = default!;
                return false;
            }
            if (length > 0 && buffer[length - 1] == '\r') length--;
            record = parse(Encoding.UTF8.GetString(buffer, 0, length));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
