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
        var location = stored.Location;
        byte[]? metadataBytes;
        try
        {
            metadataBytes = await stored.ReadFileAsync(CheckpointMetadata.FileName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CheckpointFormatException($"{location}: unreadable: {e.Message}", e);
        }
        if (metadataBytes is null)
            throw new CheckpointFormatException($"{location}: no {CheckpointMetadata.FileName} file; the checkpoint never completed.") { NeverCompleted = true };
        try
        {
            var metadata = CheckpointMetadata.FromBytes(metadataBytes, $"{location}/{CheckpointMetadata.FileName}");
            var parts = new List<OperatorSubtaskState>();
            foreach (var file in metadata.Files)
            {
                var what = $"{location}/{file.Name}";
                var bytes = await stored.ReadFileAsync(file.Name, cancellationToken).ConfigureAwait(false)
                    ?? throw new CheckpointFormatException($"{what}: listed in the metadata but missing.");
                if (bytes.Length != file.Length)
                    throw new CheckpointFormatException($"{what}: {bytes.Length} bytes, but the metadata recorded {file.Length}; the file is torn.");
                if (Envelope.Checksum(bytes) != file.Checksum)
                    throw new CheckpointFormatException($"{what}: its checksum differs from the one the metadata recorded; the file was replaced or damaged.");
                parts.AddRange(SubtaskStateFile.Decode(bytes, metadata.CheckpointId, what));
            }
            return FromParts(metadata.CheckpointId, metadata.Timestamp, location, parts);
        }
        catch (Exception e) when (e is not CheckpointFormatException and not OperationCanceledException)
        {
            throw new CheckpointFormatException($"{location}: unreadable: {e.Message}", e);
        }
    }
}
