using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// What the runtime logs about stored checkpoints: choosing one to resume from (under the caller's category,
/// <c>Checkpointing.Job</c> or <c>Checkpointing.Hosting</c>), restoring it and retention (<c>Checkpointing.Job</c>).
/// Event ids 3xxx (see the README's logging table).
/// </summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3001, EventName = "ResumeCandidateSkipped", Level = LogLevel.Warning,
        Message = "Skipping checkpoint {CheckpointId} at {Location}: {Reason}")]
    public static partial void ResumeCandidateSkipped(this ILogger logger, long checkpointId, string location, string reason);

    [LoggerMessage(EventId = 3002, EventName = "NothingToResume", Level = LogLevel.Information,
        Message = "Job {Job} has no completed checkpoint to resume from{Torn}; starting fresh")]
    public static partial void NothingToResume(this ILogger logger, string job, string torn);

    [LoggerMessage(EventId = 3003, EventName = "StartingFreshOverDamage", Level = LogLevel.Warning,
        Message = "Job {Job} starts fresh as configured, although none of its {Count} stored checkpoint(s) loads:{NewLine}{Candidates}")]
    public static partial void StartingFreshOverDamage(this ILogger logger, string job, int count, string newLine, string candidates);

    [LoggerMessage(EventId = 3004, EventName = "CheckpointRestored", Level = LogLevel.Information,
        Message = "Job {Job} restored checkpoint {CheckpointId} from {Location} at parallelism {Parallelism}")]
    public static partial void CheckpointRestored(this ILogger logger, string job, long checkpointId, string location, int parallelism);

    [LoggerMessage(EventId = 3005, EventName = "OperatorStateDropped", Level = LogLevel.Warning,
        Message = "Dropping state of operator(s) {Uids} that job {Job} no longer has")]
    public static partial void OperatorStateDropped(this ILogger logger, string uids, string job);

    [LoggerMessage(EventId = 3006, EventName = "RetentionListFailed", Level = LogLevel.Warning,
        Message = "Could not list the checkpoints of job {Job} for retention; nothing was deleted")]
    public static partial void RetentionListFailed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(EventId = 3007, EventName = "RetainedCheckpointDamaged", Level = LogLevel.Warning,
        Message = "Checkpoint {CheckpointId} of job {Job} does not load and is not counted as retained: {Reason}")]
    public static partial void RetainedCheckpointDamaged(this ILogger logger, long checkpointId, string job, string reason);

    // The level is the caller's: removing a torn checkpoint is news (Information), removing one past retention is routine (Debug).
    [LoggerMessage(EventId = 3008, EventName = "CheckpointRemoved",
        Message = "Removed checkpoint {CheckpointId} of job {Job} at {Location}: {Why}")]
    public static partial void CheckpointRemoved(this ILogger logger, LogLevel level, long checkpointId, string job, string location, string why);

    [LoggerMessage(EventId = 3009, EventName = "CheckpointRemoveFailed", Level = LogLevel.Warning,
        Message = "Could not delete old checkpoint {Location}")]
    public static partial void CheckpointRemoveFailed(this ILogger logger, Exception exception, string location);

    [LoggerMessage(EventId = 3010, EventName = "VoidCheckpointSkipped", Level = LogLevel.Warning,
        Message = "Skipping checkpoint {CheckpointId} of job {Job} at {Location}: it is void ({Why})")]
    public static partial void VoidCheckpointSkipped(this ILogger logger, long checkpointId, string job, string location, string why);
}
