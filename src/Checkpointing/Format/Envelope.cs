using System.Buffers.Binary;
using System.IO.Hashing;

namespace Checkpointing.Format;

/// <summary>What a checkpoint file holds; stored in its header so one kind is never read as another.</summary>
internal enum FileKind : byte
{
    Metadata = 1,
    SubtaskState = 2,
    OperatorSnapshot = 3,
}

/// <summary>
/// The frame around every checkpoint file: magic <c>CKPT</c>, format version, kind, payload length, payload, and an
/// XxHash64 of everything before it. A file is accepted only whole: a torn or altered file fails the checksum or a
/// bounds check and raises <see cref="CheckpointFormatException"/>, never a partial read.
/// </summary>
internal static class Envelope
{
    public const ushort Version = 2;
    private static ReadOnlySpan<byte> Magic => "CKPT"u8;
    private const int HeaderLength = 4 + 2 + 1 + 1 + 4; // magic, version, kind, reserved, payload length
    private const int ChecksumLength = 8;

    /// <summary>A file of <paramref name="kind"/> whose payload <paramref name="write"/> encodes, built in one array.</summary>
    public static byte[] Write(FileKind kind, Action<FormatWriter> write) =>
        Frame(kind, FormatWriter.Encode(write, HeaderLength, ChecksumLength));

    /// <summary>Frames <paramref name="payload"/> as a file of <paramref name="kind"/>.</summary>
    public static byte[] Wrap(FileKind kind, ReadOnlySpan<byte> payload)
    {
        var file = new byte[HeaderLength + payload.Length + ChecksumLength];
        payload.CopyTo(file.AsSpan(HeaderLength));
        return Frame(kind, file);
    }

    /// <summary>Fills in the header and checksum around the payload already in place in <paramref name="file"/>.</summary>
    private static byte[] Frame(FileKind kind, byte[] file)
    {
        var payloadLength = file.Length - HeaderLength - ChecksumLength;
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), Version);
        file[6] = (byte)kind;
        file[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)payloadLength);
        var body = file.AsSpan(0, HeaderLength + payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(body.Length), XxHash64.HashToUInt64(body));
        return file;
    }

    /// <summary>Checks the frame and returns the payload; <paramref name="what"/> names the file in error messages.</summary>
    public static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> file, FileKind expected, string what)
    {
        var span = file.Span;
        if (span.Length < HeaderLength + ChecksumLength)
            throw new CheckpointFormatException($"{what}: {span.Length} bytes is shorter than the smallest checkpoint file ({HeaderLength + ChecksumLength} bytes); it is truncated or not a checkpoint file.");
        if (!span[..4].SequenceEqual(Magic))
            throw new CheckpointFormatException($"{what}: missing the 'CKPT' magic at offset 0; not a checkpoint file.");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (version != Version)
            throw new CheckpointFormatException($"{what}: format version {version} at offset 4 is not supported (this build reads version {Version}).");
        var kind = (FileKind)span[6];
        if (kind != expected)
            throw new CheckpointFormatException($"{what}: file kind {(byte)kind} at offset 6, expected {(byte)expected} ({expected}).");
        if (span[7] != 0)
            throw new CheckpointFormatException($"{what}: reserved byte at offset 7 is {span[7]}, expected 0; the file is altered or from a newer format.");
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (payloadLength != (ulong)(span.Length - HeaderLength - ChecksumLength))
            throw new CheckpointFormatException($"{what}: header at offset 8 announces a {payloadLength}-byte payload but the file holds {span.Length - HeaderLength - ChecksumLength}; the file is torn or altered.");
        var body = span[..(HeaderLength + (int)payloadLength)];
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(span[body.Length..]);
        var actual = XxHash64.HashToUInt64(body);
        if (stored != actual)
            throw new CheckpointFormatException($"{what}: checksum mismatch (stored {stored:x16}, computed {actual:x16}); the file is damaged.");
        return file.Slice(HeaderLength, (int)payloadLength);
    }

    /// <summary>The checksum of a whole file, recorded in the metadata so a swapped file is detected too.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> file) => XxHash64.HashToUInt64(file);
}
