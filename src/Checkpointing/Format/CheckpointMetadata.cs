
namespace Checkpointing.Format;

/// <summary>One state file a checkpoint consists of, with the length and checksum it must have.</summary>
internal sealed record StateFileInfo(string Name, long Length, ulong Checksum);

/// <summary>
/// The file written last, atomically: its presence is what makes a checkpoint complete. It lists every state file
/// with its length and checksum, so a missing, torn or swapped state file is detected before anything is restored.
/// File names are relative, so a savepoint folder can be moved and still restores. <paramref name="Epoch"/>, the job
/// epoch of the run that wrote it, is an optional trailing field: absent for epoch 0, so those bytes are what they
/// were before epochs existed, and present (at least 1) otherwise.
/// </summary>
internal sealed record CheckpointMetadata(long CheckpointId, long Timestamp, string JobName, bool IsSavepoint, IReadOnlyList<StateFileInfo> Files, long Epoch = 0)
{
    public const string FileName = CheckpointTarget.MetadataFileName;

    public byte[] ToBytes() => Envelope.Write(FileKind.Metadata, writer =>
    {
        writer.WriteVarInt(CheckpointId);
        writer.WriteVarInt(Timestamp);
        writer.WriteString(JobName);
        writer.WriteByte(IsSavepoint ? (byte)1 : (byte)0);
        writer.WriteVarUInt((ulong)Files.Count);
        foreach (var file in Files)
        {
            writer.WriteString(file.Name);
            writer.WriteVarUInt((ulong)file.Length);
            writer.WriteVarUInt(file.Checksum);
        }
        if (Epoch != 0) writer.WriteVarUInt((ulong)Epoch);
    });

    public static CheckpointMetadata FromBytes(ReadOnlyMemory<byte> bytes, string what)
    {
        var reader = new FormatReader(Envelope.Unwrap(bytes, FileKind.Metadata, what), what);
        var id = reader.ReadVarInt("checkpoint id");
        var timestamp = reader.ReadVarInt("timestamp");
        var job = reader.ReadString("job name");
        var savepoint = reader.ReadByte("savepoint flag") switch
        {
            0 => false,
            1 => true,
            var other => throw reader.Fail("savepoint flag", reader.Position - 1, $"{other} is neither 0 nor 1"),
        };
        var count = reader.ReadCount("file count", bytes.Length);
        var files = new List<StateFileInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString("file name");
            if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
                throw reader.Fail("file name", reader.Position, $"'{name}' is not a plain file name");
            files.Add(new StateFileInfo(name, (long)reader.ReadVarUInt($"length of {name}"), reader.ReadVarUInt($"checksum of {name}")));
        }
        var epoch = 0L;
        if (!reader.AtEnd)
        {
            // Present only when above 0, so that the bytes of every metadata re-encode to themselves.
            var start = reader.Position;
            var raw = reader.ReadVarUInt("epoch");
            if (raw is 0 or > long.MaxValue) throw reader.Fail("epoch", start, $"{raw} is not an epoch (1 or more; epoch 0 is written as no field)");
            epoch = (long)raw;
        }
        reader.ExpectEnd();
        return new CheckpointMetadata(id, timestamp, job, savepoint, files, epoch);
    }
}
