using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// A job definition frozen at start: later changes to the environment affect only later runs.
/// <paramref name="LocalWorkers"/>: how many in-process workers share the subtasks (tests run several, to exercise
/// the job control's side of the worker seam without another process).
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
    int LocalWorkers = 1);
