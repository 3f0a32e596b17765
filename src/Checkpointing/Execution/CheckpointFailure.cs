namespace Checkpointing.Execution;

/// <summary>Why a checkpoint did not complete (Flink's CheckpointFailureReason, reduced to what happens here).</summary>
internal enum CheckpointFailureReason
{
    /// <summary>The locks were not all acquired, or the writes not done, within the checkpoint timeout.</summary>
    Timeout,

    /// <summary>The job began to end while the checkpoint waited for the locks.</summary>
    JobEnding,

    /// <summary>A function threw from its snapshot: the job fails too.</summary>
    SnapshotFailed,

    /// <summary>The storage could not begin, write or commit it (a full disk, no permission, a path that is a file…).</summary>
    StorageFailed,

    /// <summary>A run of a higher job epoch has claimed the job: this coordinator is stale, and the job ends.</summary>
    Fenced,
}

/// <summary>One aborted checkpoint: its id, why, and the error that caused it.</summary>
internal sealed record CheckpointFailure(long CheckpointId, CheckpointFailureReason Reason, string Message, Exception Cause)
{
    /// <summary>What a caller who asked for it (a savepoint, the final checkpoint) is given: the message names the cause.</summary>
    public Exception ToException() => Reason switch
    {
        CheckpointFailureReason.Timeout or CheckpointFailureReason.JobEnding => new TimeoutException(Message, Cause),
        CheckpointFailureReason.SnapshotFailed or CheckpointFailureReason.Fenced => Cause,
        _ => new IOException(Message, Cause),
    };
}
