using Checkpointing.Snapshots;
using Checkpointing.Snapshots.Format;
using Checkpointing.Storage;

namespace Checkpointing.StateProcessing;

/// <summary>
/// The files of one stored checkpoint, read one at a time and each verified against the metadata before it is
/// decoded: the same checks as a restore, so what the state processor reads is what the runtime would restore, and
/// at most one file's bytes are held at once.
/// </summary>
internal sealed class CheckpointFiles(string location, Func<string, byte[]?> readFile)
{
    public string Location { get; } = location;

    /// <summary>The metadata: <see cref="CheckpointFormatException"/> when it is missing (the checkpoint never completed) or damaged.</summary>
    public (CheckpointMetadata Metadata, long Length) ReadMetadata()
    {
        var bytes = Read(CheckpointMetadata.FileName)
            ?? throw new CheckpointFormatException($"{Location}/{CheckpointMetadata.FileName}: missing; the checkpoint never completed (or this is not a checkpoint folder).");
        return (CheckpointMetadata.FromBytes(bytes, $"{Location}/{CheckpointMetadata.FileName}"), bytes.Length);
    }

    /// <summary>One state file, checked for presence, length and checksum, then decoded.</summary>
    public IReadOnlyList<OperatorSubtaskState> ReadStateFile(CheckpointMetadata metadata, StateFileInfo file)
    {
        var what = $"{Location}/{file.Name}";
        var bytes = Read(file.Name) ?? throw new CheckpointFormatException($"{what}: listed in the metadata but missing.");
        if (bytes.Length != file.Length)
            throw new CheckpointFormatException($"{what}: {bytes.Length} bytes, but the metadata recorded {file.Length}; the file is torn.");
        if (Envelope.Checksum(bytes) != file.Checksum)
            throw new CheckpointFormatException($"{what}: its checksum differs from the one the metadata recorded; the file was replaced or damaged.");
        return SubtaskStateFile.Decode(bytes, metadata.CheckpointId, what);
    }

    private byte[]? Read(string name)
    {
        try
        {
            return readFile(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException($"{Location}/{name}: unreadable: {e.Message}", e);
        }
    }
}
