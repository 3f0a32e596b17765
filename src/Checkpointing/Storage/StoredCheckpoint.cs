namespace Checkpointing;

/// <summary>A checkpoint or savepoint found in a storage, not yet verified: it may be torn or damaged.</summary>
public abstract class StoredCheckpoint
{
    /// <summary>For implementations.</summary>
    protected StoredCheckpoint(long checkpointId, string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        CheckpointId = checkpointId;
        Location = location;
    }

    /// <summary>The id its location names; 0 where the name does not say (a renamed folder: the metadata tells).</summary>
    public long CheckpointId { get; }

    /// <summary>Where it is: what <see cref="CheckpointStorage.Open"/> accepts.</summary>
    public string Location { get; }

    /// <summary>The bytes of one of its files, or null when there is no such file.</summary>
    public abstract Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Location;
}
