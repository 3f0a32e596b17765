namespace Checkpointing.Storage;

/// <summary>Writes one checkpoint: state files first (any order, any thread), then the metadata, atomically.</summary>
internal interface ICheckpointTarget
{
    /// <summary>Where the checkpoint goes (folder path or in-memory name).</summary>
    string Location { get; }

    /// <summary>Writes one state file durably.</summary>
    Task WriteFileAsync(string name, byte[] bytes, CancellationToken cancellationToken);

    /// <summary>Writes the metadata last and atomically; after this returns the checkpoint is complete and durable.</summary>
    Task CommitAsync(byte[] metadata, CancellationToken cancellationToken);

    /// <summary>Removes whatever was written of an incomplete checkpoint.</summary>
    void Abort();
}

/// <summary>A checkpoint found in storage, not yet verified.</summary>
internal sealed class StoredCheckpoint(long checkpointId, string location, Func<string, byte[]?> readFile)
{
    public long CheckpointId { get; } = checkpointId;
    public string Location { get; } = location;

    /// <summary>Reads and verifies it (<see cref="CheckpointFormatException"/> when damaged or incomplete).</summary>
    public CompletedCheckpoint Load() => CompletedCheckpoint.Load(Location, readFile);
}
