using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// A job definition frozen at start: later changes to the environment affect only later runs.
/// <paramref name="Workers"/>: where each attempt's subtasks run (see <see cref="WorkerFactory"/>); one
/// <see cref="LocalWorker"/> when null.
/// </summary>
internal sealed record JobSettings(
    string JobName,
    int Parallelism,
    TimeSpan? CheckpointInterval,
    TimeSpan CheckpointTimeout,
    int MaxRetainedCheckpoints,
    CheckpointStorage Storage,
    RestartStrategy RestartStrategy,
    bool AllowNonRestoredState,
    string? RestorePath,
    bool ResumeFromLatest,
    bool StartFreshIfNoneLoads,
    TimeSpan CancellationTimeout,
    ILoggerFactory LoggerFactory,
    IReadOnlyList<IPipeline> Pipelines,
    WorkerFactory? Workers = null);

/// <summary>
/// The workers one execution attempt runs its subtasks on, in placement order: in-process ones
/// (<see cref="LocalWorker.Factory"/>), or workers in other processes that a cluster package provides. Called once per
/// attempt, so a restart runs on the workers that are there at that moment.
/// </summary>
internal delegate IReadOnlyList<IWorker> WorkerFactory(JobSettings settings, int attempt, IWorkerEvents events, ILogger logger);
