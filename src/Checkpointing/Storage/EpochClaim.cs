namespace Checkpointing;

/// <summary>
/// A job epoch claimed in a storage (<see cref="CheckpointStorage.TryClaimEpochAsync"/>) and, once the run that
/// claimed it chose where to restore from, its restore record (<see cref="CheckpointStorage.TryRecordEpochRestoreAsync"/>).
/// </summary>
public sealed class EpochClaim
{
    /// <summary>The restore record of a run that started from no checkpoint.</summary>
    public const long NoRestorePoint = 0;

    /// <summary>
    /// The restore record a later run writes for a claim that has none yet: the earlier run had not chosen its restore
    /// point and now never may (its own record, written once, is refused), so it never commits a checkpoint.
    /// </summary>
    public const long Superseded = -1;

    /// <summary>A claim of <paramref name="epoch"/> with its restore record, null when there is none yet.</summary>
    public EpochClaim(long epoch, long? restorePoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        if (restorePoint < Superseded) throw new ArgumentOutOfRangeException(nameof(restorePoint), restorePoint, "A restore record is a checkpoint id, NoRestorePoint or Superseded.");
        Epoch = epoch;
        RestorePoint = restorePoint;
    }

    /// <summary>The epoch claimed.</summary>
    public long Epoch { get; }

    /// <summary>
    /// The id of the checkpoint or savepoint the run restored from, <see cref="NoRestorePoint"/> when it started
    /// fresh, <see cref="Superseded"/> when a later run superseded it first; null while it has not recorded one.
    /// </summary>
    public long? RestorePoint { get; }

    /// <summary>Whether a later run superseded the claim before its run recorded where it restored from.</summary>
    public bool IsSuperseded => RestorePoint == Superseded;

    /// <inheritdoc/>
    public override string ToString() => $"epoch {Epoch} ({RestorePoint switch { null => "no restore record", Superseded => "superseded", NoRestorePoint => "started fresh", var id => $"restored from {id}" }})";
}
