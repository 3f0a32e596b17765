using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans;

/// <summary>What a job in an Orleans cluster logs, under <c>Checkpointing.Orleans.*</c>. Event ids 8xxx, never reused or renumbered.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 8001, EventName = "WorkerEventLost", Level = LogLevel.Warning,
        Message = "A {Kind} event of attempt {Attempt} of job {Job} did not reach the job grain")]
    public static partial void WorkerEventLost(this ILogger logger, Exception exception, WorkerEventKind kind, string attempt, string job);

    [LoggerMessage(EventId = 8002, EventName = "WorkerUnreachable", Level = LogLevel.Warning,
        Message = "The worker of job {Job} on silo {Silo} did not answer {Call} of attempt {Attempt}; its subtasks end with its silo")]
    public static partial void WorkerUnreachable(this ILogger logger, Exception exception, string job, string silo, string call, string attempt);

    [LoggerMessage(EventId = 8003, EventName = "SiloLost", Level = LogLevel.Warning,
        Message = "Silo {Silo}, which runs subtasks of attempt {Attempt} of job {Job}, is {Status}; the attempt fails and the job restarts on the live silos")]
    public static partial void SiloLost(this ILogger logger, string silo, string attempt, string job, string status);

    [LoggerMessage(EventId = 8004, EventName = "AttemptPlaced", Level = LogLevel.Information,
        Message = "Attempt {Attempt} of job {Job} runs on {Count} silo(s): {Silos}")]
    public static partial void AttemptPlaced(this ILogger logger, string attempt, string job, int count, string silos);

    [LoggerMessage(EventId = 8005, EventName = "CoordinatorLost", Level = LogLevel.Warning,
        Message = "The job grain of job {Job} was on silo {Silo}, which left the cluster; this worker ends attempt {Attempt} and asks for the job grain to resume the job on a live silo")]
    public static partial void CoordinatorLost(this ILogger logger, string job, string silo, string attempt);

    [LoggerMessage(EventId = 8006, EventName = "WorkerDeployed", Level = LogLevel.Information,
        Message = "The worker of job {Job} on silo {Silo} runs {Subtasks} subtask(s) of attempt {Attempt}, restored from {StateBytes} bytes of state (its share only)")]
    public static partial void WorkerDeployed(this ILogger logger, string job, string silo, string attempt, int subtasks, long stateBytes);

    [LoggerMessage(EventId = 8007, EventName = "WeightUnknown", Level = LogLevel.Warning,
        Message = "The worker of job {Job} on silo {Silo} did not say its weight; it counts as 1 until it does")]
    public static partial void WeightUnknown(this ILogger logger, Exception exception, string job, string silo);

    [LoggerMessage(EventId = 8020, EventName = "SiloSuspected", Level = LogLevel.Warning,
        Message = "A call to silo {Silo} for job {Job} failed as unreachable; the silo is left out of the job's placement until it answers a probe or membership declares it dead")]
    public static partial void SiloSuspected(this ILogger logger, Exception exception, string silo, string job);

    [LoggerMessage(EventId = 8021, EventName = "SiloCleared", Level = LogLevel.Information,
        Message = "Silo {Silo}, suspected unreachable by job {Job}, answered a probe; it takes part in the job's placement again")]
    public static partial void SiloCleared(this ILogger logger, string silo, string job);

    [LoggerMessage(EventId = 8022, EventName = "SuspectsLeftOut", Level = LogLevel.Information,
        Message = "Attempt {Attempt} of job {Job} leaves out silo(s) {Silos}, which membership still lists as active: calls to them failed as unreachable")]
    public static partial void SuspectsLeftOut(this ILogger logger, string attempt, string job, string silos);
}
