namespace Checkpointing;

/// <summary>
/// One checkpoint or savepoint being written: state files first (in any order, in parallel), then the metadata,
/// last. Returned by <see cref="CheckpointStorage.BeginCheckpoint(string, long)"/> and <see cref="CheckpointStorage.BeginSavepoint"/>.
/// </summary>
public abstract class CheckpointTarget
{
    /// <summary>The name of the metadata file that completes a checkpoint.</summary>
    public const string MetadataFileName = "_metadata";

    /// <summary>Where it goes: a folder path, a URI, or a name; what <see cref="CheckpointStorage.Open"/> accepts.</summary>
    public abstract string Location { get; }

    /// <summary>Writes one state file; durable when the task completes. A file that exists already is never replaced: that throws <see cref="IOException"/>.</summary>
    public abstract Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the metadata (<see cref="MetadataFileName"/>) atomically, after every state file was written; when this
    /// returns the checkpoint is complete and durable. Existing metadata is never replaced: that throws <see cref="IOException"/>.
    /// </summary>
    public abstract Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken);

    /// <summary>Removes what this writer wrote of an incomplete checkpoint; never anything of a completed one.</summary>
    public abstract Task AbortAsync(CancellationToken cancellationToken);
}
