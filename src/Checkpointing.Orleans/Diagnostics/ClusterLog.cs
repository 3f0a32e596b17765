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

    [LoggerMessage(EventId = 8008, EventName = "AttemptScaled", Level = LogLevel.Information,
        Message = "Attempt {Attempt} of job {Job} runs at parallelism {Parallelism} for {Silos} active silo(s) ({PerSilo} per silo, within {Min}..{Max}); the previous attempt ran at {PreviousParallelism} on {PreviousSilos} silo(s) (0: none before)")]
    public static partial void AttemptScaled(this ILogger logger, int attempt, string job, int parallelism, int silos, int perSilo, int min, int max, int previousParallelism, int previousSilos);

    [LoggerMessage(EventId = 8009, EventName = "RescaleStarting", Level = LogLevel.Information,
        Message = "Job {Job} rescales through a savepoint from parallelism {Parallelism} on {Silos} silo(s) to {Target} for {ActiveSilos} active silo(s), no silo having joined or left for {SettleDelay}")]
    public static partial void RescaleStarting(this ILogger logger, string job, int parallelism, int silos, int target, int activeSilos, TimeSpan settleDelay);

    [LoggerMessage(EventId = 8010, EventName = "RescaleLeftToRestart", Level = LogLevel.Information,
        Message = "Job {Job} runs at parallelism {Parallelism} on {Silos} silo(s) and {ActiveSilos} active silo(s) call for {Target}, but a silo of its attempt left: the attempt fails and its restart runs at the new parallelism, no rescale")]
    public static partial void RescaleLeftToRestart(this ILogger logger, string job, int parallelism, int silos, int target, int activeSilos);

    [LoggerMessage(EventId = 8011, EventName = "RescaleFailed", Level = LogLevel.Warning,
        Message = "The rescale of job {Job} from parallelism {Parallelism} to {Target} failed; it is tried again once no silo joined or left for {SettleDelay}")]
    public static partial void RescaleFailed(this ILogger logger, Exception exception, string job, int parallelism, int target, TimeSpan settleDelay);

    [LoggerMessage(EventId = 8020, EventName = "SiloSuspected", Level = LogLevel.Warning,
        Message = "A call to silo {Silo} for job {Job} failed as unreachable; the silo is left out of the job's placement until it answers a probe or membership declares it dead")]
    public static partial void SiloSuspected(this ILogger logger, Exception exception, string silo, string job);

    [LoggerMessage(EventId = 8021, EventName = "SiloCleared", Level = LogLevel.Information,
        Message = "Silo {Silo}, suspected unreachable by job {Job}, answered a probe; it takes part in the job's placement again")]
    public static partial void SiloCleared(this ILogger logger, string silo, string job);

    [LoggerMessage(EventId = 8022, EventName = "SuspectsLeftOut", Level = LogLevel.Information,
        Message = "Attempt {Attempt} of job {Job} leaves out silo(s) {Silos}, which membership still lists as active: calls to them failed as unreachable")]
    public static partial void SuspectsLeftOut(this ILogger logger, string attempt, string job, string silos);

    [LoggerMessage(EventId = 8023, EventName = "ResumeAskedAgain", Level = LogLevel.Warning,
        Message = "Job {Job} has not resumed after request {Attempt} to its job grain ({Why}); asking again")]
    public static partial void ResumeAskedAgain(this ILogger logger, string job, int attempt, string why);

    [LoggerMessage(EventId = 8024, EventName = "ResumeGivenUp", Level = LogLevel.Error,
        Message = "Job {Job} did not resume within {Seconds} s of asking its job grain; it stays stopped, its latest complete checkpoint kept in storage")]
    public static partial void ResumeGivenUp(this ILogger logger, string job, double seconds);
}
