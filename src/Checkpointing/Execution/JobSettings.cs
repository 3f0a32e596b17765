using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// A job definition frozen at start: later changes to the environment affect only later runs.
/// <paramref name="Workers"/>: where each attempt's subtasks run (see <see cref="WorkerFactory"/>); one
/// <see cref="LocalWorker"/> when null. <paramref name="AttemptParallelism"/>: each attempt's parallelism instead of
/// <paramref name="Parallelism"/> when set (see <see cref="AttemptParallelism"/>). <paramref name="Epoch"/>: the job epoch
/// every attempt of this run writes with and is fenced by (see <see cref="EpochFencing"/>); 0 for none.
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
    WorkerFactory? Workers = null,
    AttemptParallelism? AttemptParallelism = null,
    long Epoch = 0);

/// <summary>
/// The workers one execution attempt runs its subtasks on, in placement order: in-process ones
/// (<see cref="LocalWorker.Factory"/>), or workers in other processes that a cluster package provides. Called once per
/// attempt, so a restart runs on the workers that are there at that moment.
/// </summary>
internal delegate IReadOnlyList<IWorker> WorkerFactory(JobSettings settings, int attempt, IWorkerEvents events, ILogger logger);

/// <summary>
/// The parallelism of execution attempt <paramref name="attempt"/>, asked just before it starts: a cluster package's
/// scaling policy makes the job's parallelism follow the machines that are there at that moment. The attempt restores
/// the latest complete checkpoint at that parallelism, redistributed as any restore at another parallelism is.
/// </summary>
internal delegate int AttemptParallelism(int attempt);
