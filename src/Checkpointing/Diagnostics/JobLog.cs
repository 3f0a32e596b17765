using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// What a job's run logs under the category <c>Checkpointing.Job</c>: start, failures, restarts, cancellation and end.
/// Event ids 1xxx; the README's logging table lists them, so ids are never reused or renumbered.
/// </summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 1001, EventName = "OperatorWithoutUid", Level = LogLevel.Warning,
        Message = "Operator '{Uid}' ({Kind}) of job {Job} has no explicit uid; set .Uid(...) so its state survives changes to the job's shape")]
    public static partial void OperatorWithoutUid(this ILogger logger, string uid, string kind, string job);

    [LoggerMessage(EventId = 1002, EventName = "JobStarting", Level = LogLevel.Information,
        Message = "Starting job {Job} at parallelism {Parallelism}{Restore}")]
    public static partial void JobStarting(this ILogger logger, string job, int parallelism, string restore);

    [LoggerMessage(EventId = 1003, EventName = "JobOpenFailed", Level = LogLevel.Error,
        Message = "Opening job {Job} failed")]
    public static partial void JobOpenFailed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(EventId = 1004, EventName = "SubtaskEmitsWithoutLock", Level = LogLevel.Warning,
        Message = "Subtask {Subtask} of {Uid} in job {Job} calls ISourceContext.Collect without holding ctx.CheckpointLock; " +
                  "the runtime now takes the lock for each record it emits, which is slower. Emit inside lock (ctx.CheckpointLock) (CKPT002)")]
    public static partial void SubtaskEmitsWithoutLock(this ILogger logger, int subtask, string uid, string job);

    [LoggerMessage(EventId = 1005, EventName = "SubtaskFailed", Level = LogLevel.Error,
        Message = "Subtask {Subtask} of job {Job} failed")]
    public static partial void SubtaskFailed(this ILogger logger, Exception exception, int subtask, string job);

    [LoggerMessage(EventId = 1006, EventName = "JobRestarting", Level = LogLevel.Warning,
        Message = "Job {Job} failed ({Error}); restart {Restart} of {Attempts} from checkpoint {CheckpointId} in {Delay}")]
    public static partial void JobRestarting(this ILogger logger, string job, string error, int restart, int attempts, long checkpointId, TimeSpan delay);

    [LoggerMessage(EventId = 1007, EventName = "RestartStrategyExhausted", Level = LogLevel.Error,
        Message = "Job {Job} failed after {Restarts} restart(s); restart strategy {Strategy} is exhausted")]
    public static partial void RestartStrategyExhausted(this ILogger logger, Exception exception, string job, int restarts, RestartStrategy strategy);

    [LoggerMessage(EventId = 1008, EventName = "SubtaskCancelFailed", Level = LogLevel.Warning,
        Message = "Cancel() of subtask {Subtask} threw")]
    public static partial void SubtaskCancelFailed(this ILogger logger, Exception exception, int subtask);

    [LoggerMessage(EventId = 1009, EventName = "SubtaskAbandoned", Level = LogLevel.Error,
        Message = "Subtask {Subtask} of job {Job} did not return from Run within {Timeout} of Cancel(); abandoning its thread")]
    public static partial void SubtaskAbandoned(this ILogger logger, int subtask, string job, TimeSpan timeout);

    [LoggerMessage(EventId = 1010, EventName = "OperatorCloseFailed", Level = LogLevel.Warning,
        Message = "Close() of {Uid} in subtask {Subtask} threw")]
    public static partial void OperatorCloseFailed(this ILogger logger, Exception exception, string uid, int subtask);

    [LoggerMessage(EventId = 1011, EventName = "JobEnded", Level = LogLevel.Information,
        Message = "Job {Job} ended {Status} after {Restarts} restart(s); last checkpoint {CheckpointId}")]
    public static partial void JobEnded(this ILogger logger, string job, JobStatus status, int restarts, long checkpointId);

    [LoggerMessage(EventId = 1012, EventName = "JobFenced", Level = LogLevel.Error,
        Message = "Job {Job} (epoch {Epoch}) was fenced by epoch {FencedBy}; it ends without a restart")]
    public static partial void JobFenced(this ILogger logger, Exception exception, string job, long epoch, long fencedBy);

    [LoggerMessage(EventId = 1013, EventName = "EpochClaimed", Level = LogLevel.Information,
        Message = "Job {Job} claimed epoch {Epoch}; restore record {RestorePoint}, {Superseded} earlier claim(s) superseded")]
    public static partial void EpochClaimed(this ILogger logger, string job, long epoch, long restorePoint, int superseded);
}
