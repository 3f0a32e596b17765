namespace Checkpointing;

/// <summary>A checkpoint or savepoint found in a storage, not yet verified: it may be torn or damaged.</summary>
public abstract class StoredCheckpoint
{
    /// <summary>For implementations.</summary>
    protected StoredCheckpoint(long checkpointId, string location)
        : this(checkpointId, 0, location)
    {
    }

    /// <summary>For implementations: a checkpoint of a run with job epoch <paramref name="epoch"/> (from its name, <see cref="CheckpointFolderName.EpochOf"/>).</summary>
    protected StoredCheckpoint(long checkpointId, long epoch, string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        CheckpointId = checkpointId;
        Epoch = epoch;
        Location = location;
    }

    /// <summary>The id its location names; 0 where the name does not say (a renamed folder: the metadata tells).</summary>
    public long CheckpointId { get; }

    /// <summary>The job epoch of the run that wrote it, as its location names it; 0 for runs without one (and savepoints).</summary>
    public long Epoch { get; }

    /// <summary>Where it is: what <see cref="CheckpointStorage.Open"/> accepts.</summary>
    public string Location { get; }

    /// <summary>The bytes of one of its files, or null when there is no such file.</summary>
    public abstract Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Location;
}
