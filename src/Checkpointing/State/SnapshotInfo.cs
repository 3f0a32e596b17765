namespace Checkpointing;

/// <summary>What a generated <c>OnSnapshot</c> hook learns about the checkpoint being taken.</summary>
/// <param name="CheckpointId">The checkpoint's id.</param>
/// <param name="Timestamp">When the checkpoint was triggered, in Unix milliseconds.</param>
public readonly record struct SnapshotInfo(long CheckpointId, long Timestamp);

/// <summary>What a generated <c>OnRestored</c> hook learns about the restore that just happened.</summary>
/// <param name="SubtaskIndex">This subtask's index.</param>
/// <param name="Parallelism">The parallelism the job runs at now.</param>
/// <param name="PreviousParallelism">The parallelism the checkpoint was written at.</param>
/// <param name="CheckpointId">The restored checkpoint's id.</param>
public readonly record struct RestoreInfo(int SubtaskIndex, int Parallelism, int PreviousParallelism, long CheckpointId);
