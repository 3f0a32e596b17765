using Checkpointing.Snapshots;
using Checkpointing.Format;

namespace Checkpointing.Storage;

/// <summary>A complete, verified checkpoint or savepoint: what a job restores from.</summary>
internal sealed class CompletedCheckpoint(long checkpointId, long timestamp, string location, IReadOnlyDictionary<string, OperatorSnapshot> operators)
{
    public long CheckpointId { get; } = checkpointId;
    public long Timestamp { get; } = timestamp;

    /// <summary>Where it is stored (a folder, or a name for in-memory storage).</summary>
    public string Location { get; } = location;

    /// <summary>State by operator uid.</summary>
    public IReadOnlyDictionary<string, OperatorSnapshot> Operators { get; } = operators;

    /// <summary>Builds the in-memory form from the subtask states just written, without reading them back.</summary>
    public static CompletedCheckpoint FromParts(long checkpointId, long timestamp, string location, IEnumerable<OperatorSubtaskState> parts) =>
        new(checkpointId, timestamp, location,
            parts.GroupBy(p => p.OperatorUid, StringComparer.Ordinal)
                 .ToDictionary(g => g.Key, g => OperatorSnapshot.Assemble(g.Key, checkpointId, [.. g]), StringComparer.Ordinal));

    /// <summary>
    /// Reads and verifies a stored checkpoint: metadata first, then every file it lists, each checked against the
    /// length and checksum in the metadata. Any damage throws <see cref="CheckpointFormatException"/> (with
    /// <see cref="CheckpointFormatException.NeverCompleted"/> when there is no metadata); nothing is half-read.
    /// </summary>
    public static async Task<CompletedCheckpoint> LoadAsync(StoredCheckpoint stored, CancellationToken cancellationToken = default)
    {
        var files = new CheckpointFiles(stored);
        try
        {
            var (metadata, _) = await files.ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
            // The name's epoch decides whether a checkpoint is void; metadata of another epoch under it is not this checkpoint.
            if (stored.Epoch != 0 && metadata.Epoch != stored.Epoch)
                throw new CheckpointFormatException($"{stored.Location}: its name says job epoch {stored.Epoch}, but its metadata was written with epoch {metadata.Epoch}.");
            var parts = new List<OperatorSubtaskState>();
            foreach (var file in metadata.Files) parts.AddRange(await files.ReadStateFileAsync(metadata, file, cancellationToken).ConfigureAwait(false));
            return FromParts(metadata.CheckpointId, metadata.Timestamp, stored.Location, parts);
        }
        catch (Exception e) when (e is not CheckpointFormatException and not OperationCanceledException)
        {
            throw new CheckpointFormatException($"{stored.Location}: unreadable: {e.Message}", e);
        }
    }
}
