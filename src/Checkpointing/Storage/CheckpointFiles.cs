using Checkpointing.Snapshots;
using Checkpointing.Format;

namespace Checkpointing.Storage;

/// <summary>
/// The files of one stored checkpoint, read one at a time through its storage and each verified against the
/// metadata before it is decoded: the one place a restore (<see cref="CompletedCheckpoint.LoadAsync"/>) and the state
/// processor check checkpoint files, so what the state processor reads is what the runtime would restore.
/// </summary>
internal sealed class CheckpointFiles(StoredCheckpoint stored)
{
    public string Location => stored.Location;

    /// <summary>The metadata: <see cref="CheckpointFormatException"/> when it is missing (the checkpoint never completed) or damaged.</summary>
    public async Task<(CheckpointMetadata Metadata, long Length)> ReadMetadataAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(CheckpointMetadata.FileName, cancellationToken).ConfigureAwait(false)
            ?? throw new CheckpointFormatException($"{Location}: no {CheckpointMetadata.FileName} file; the checkpoint never completed.") { NeverCompleted = true };
        return (CheckpointMetadata.FromBytes(bytes, $"{Location}/{CheckpointMetadata.FileName}"), bytes.Length);
    }

    /// <summary>One state file, checked for presence, length and checksum, then decoded.</summary>
    public async Task<IReadOnlyList<OperatorSubtaskState>> ReadStateFileAsync(CheckpointMetadata metadata, StateFileInfo file, CancellationToken cancellationToken)
    {
        var what = $"{Location}/{file.Name}";
        var bytes = await ReadAsync(file.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new CheckpointFormatException($"{what}: listed in the metadata but missing.");
        if (bytes.Length != file.Length)
            throw new CheckpointFormatException($"{what}: {bytes.Length} bytes, but the metadata recorded {file.Length}; the file is torn.");
        if (Envelope.Checksum(bytes) != file.Checksum)
            throw new CheckpointFormatException($"{what}: its checksum differs from the one the metadata recorded; the file was replaced or damaged.");
        return SubtaskStateFile.Decode(bytes, metadata.CheckpointId, what);
    }

    /// <summary>
    /// The synchronous form, for the reads of units (<see cref="Checkpointing.SavepointReader.ReadState{T}"/> and the like) that
    /// callers expect to return values: they block on the storage's read.
    /// </summary>
    public IReadOnlyList<OperatorSubtaskState> ReadStateFile(CheckpointMetadata metadata, StateFileInfo file) =>
        ReadStateFileAsync(metadata, file, CancellationToken.None).GetAwaiter().GetResult();

    private async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await stored.ReadFileAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CheckpointFormatException($"{Location}/{name}: unreadable: {e.Message}", e);
        }
    }
}
