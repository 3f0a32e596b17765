namespace Checkpointing.Testing;

/// <summary>A call the runtime makes on a <see cref="CheckpointStorage"/>, where <see cref="FaultInjectingStorage"/> can inject a fault.</summary>
public enum StorageStep
{
    /// <summary><see cref="CheckpointStorage.BeginCheckpoint(string, long)"/> and <see cref="CheckpointStorage.BeginCheckpoint(string, long, long)"/>.</summary>
    BeginCheckpoint,

    /// <summary><see cref="CheckpointStorage.BeginSavepoint"/>.</summary>
    BeginSavepoint,

    /// <summary><see cref="CheckpointTarget.WriteFileAsync"/> of one state file.</summary>
    WriteFile,

    /// <summary><see cref="CheckpointTarget.CommitAsync"/>: the metadata, written last.</summary>
    Commit,

    /// <summary><see cref="CheckpointTarget.AbortAsync"/>.</summary>
    Abort,

    /// <summary><see cref="CheckpointStorage.ListCheckpointsAsync"/> and <see cref="CheckpointStorage.ListSavepointsAsync"/>.</summary>
    List,

    /// <summary><see cref="CheckpointStorage.DiscardAsync"/> (retention).</summary>
    Discard,

    /// <summary><see cref="StoredCheckpoint.ReadFileAsync"/> (restore, verification).</summary>
    Read,

    /// <summary>
    /// <see cref="CheckpointStorage.TryClaimEpochAsync"/>, <see cref="CheckpointStorage.TryRecordEpochRestoreAsync"/> and
    /// <see cref="CheckpointStorage.ListEpochClaimsAsync"/>: the job epoch claims that fence stale coordinators.
    /// </summary>
    Epochs,
}
