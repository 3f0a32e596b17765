using Checkpointing.Execution;
using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// What the checkpoint coordinator logs under the category <c>Checkpointing.Job</c>: each checkpoint or savepoint
/// triggered, completed, aborted or failed, and listeners that threw. Event ids 2xxx (see the README's logging table).
/// </summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 2001, EventName = "CheckpointTriggering", Level = LogLevel.Debug,
        Message = "Triggering {Kind} {CheckpointId} of job {Job}")]
    public static partial void CheckpointTriggering(this ILogger logger, CheckpointKind kind, long checkpointId, string job);

    [LoggerMessage(EventId = 2002, EventName = "CheckpointCompleted", Level = LogLevel.Information,
        Message = "Completed {Kind} {CheckpointId} of job {Job} at {Location} in {Elapsed:F1} ms")]
    public static partial void CheckpointCompleted(this ILogger logger, string kind, long checkpointId, string job, string location, double elapsed);

    [LoggerMessage(EventId = 2003, EventName = "CheckpointAborted", Level = LogLevel.Warning,
        Message = "Checkpoint {CheckpointId} of job {Job} was aborted ({Reason}): {Cause}")]
    public static partial void CheckpointAborted(this ILogger logger, Exception exception, long checkpointId, string job, CheckpointFailureReason reason, string cause);

    [LoggerMessage(EventId = 2004, EventName = "CheckpointSnapshotFailed", Level = LogLevel.Error,
        Message = "Checkpoint {CheckpointId} of job {Job} failed while snapshotting state")]
    public static partial void CheckpointSnapshotFailed(this ILogger logger, Exception exception, long checkpointId, string job);

    [LoggerMessage(EventId = 2005, EventName = "CheckpointCleanupFailed", Level = LogLevel.Warning,
        Message = "Could not remove what checkpoint {CheckpointId} of job {Job} wrote at {Location}")]
    public static partial void CheckpointCleanupFailed(this ILogger logger, Exception exception, long checkpointId, string job, string location);

    [LoggerMessage(EventId = 2006, EventName = "CheckpointListenerFailed", Level = LogLevel.Error,
        Message = "{Call}({CheckpointId}) failed in subtask {Subtask}")]
    public static partial void CheckpointListenerFailed(this ILogger logger, Exception exception, string call, long checkpointId, int subtask);
}
