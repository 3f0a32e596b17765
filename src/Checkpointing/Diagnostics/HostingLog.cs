using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// What the hosted job service logs under the category <c>Checkpointing.Hosting</c>. Event ids 4xxx (see the README's
/// logging table).
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 4001, EventName = "HostedJobRestoring", Level = LogLevel.Information,
        Message = "Job {Job} will restore from {Location}")]
    public static partial void HostedJobRestoring(this ILogger logger, string job, string? location);

    [LoggerMessage(EventId = 4002, EventName = "HostedJobEnded", Level = LogLevel.Information,
        Message = "Job {Job} ended {Status} after {Restarts} restart(s)")]
    public static partial void HostedJobEnded(this ILogger logger, string job, JobStatus status, int restarts);

    [LoggerMessage(EventId = 4003, EventName = "HostedJobFailed", Level = LogLevel.Critical,
        Message = "Job {Job} failed beyond its restart strategy")]
    public static partial void HostedJobFailed(this ILogger logger, Exception exception, string job);

    [LoggerMessage(EventId = 4004, EventName = "HostedJobStoppedWithSavepoint", Level = LogLevel.Information,
        Message = "Job {Job} stopped with savepoint {Savepoint}")]
    public static partial void HostedJobStoppedWithSavepoint(this ILogger logger, string job, string? savepoint);

    [LoggerMessage(EventId = 4005, EventName = "HostedJobStopSavepointFailed", Level = LogLevel.Warning,
        Message = "Job {Job} could not stop with a savepoint; cancelling it")]
    public static partial void HostedJobStopSavepointFailed(this ILogger logger, Exception exception, string job);
}
