using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>A job definition frozen at start: later changes to the environment affect only later runs.</summary>
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
    IReadOnlyList<IPipeline> Pipelines);
