using Checkpointing.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing;

/// <summary>
/// A reusable job definition (Flink's <c>StreamExecutionEnvironment</c>): sources, chains and sinks plus checkpoint,
/// storage, restart and restore settings. Each <see cref="StartAsync"/>/<see cref="ExecuteAsync"/> builds a fresh job from it.
/// </summary>
public sealed class StreamExecutionEnvironment
{
    private readonly List<IPipeline> pipelines = [];
    private string? restorePath;
    private bool startFreshIfNoneLoads;
    private bool resumeFromLatest;

    /// <summary>How many parallel subtasks each source (and its chain) runs. Default: 1.</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>The checkpoint interval, or null when checkpointing is off (then only the final checkpoint and savepoints are taken).</summary>
    public TimeSpan? CheckpointInterval { get; private set; }

    /// <summary>A checkpoint that is not durable within this time is aborted. Default: 10 minutes.</summary>
    public TimeSpan CheckpointTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many completed checkpoints to keep per job (savepoints are never deleted). Default: 3.</summary>
    public int MaxRetainedCheckpoints { get; set; } = 3;

    /// <summary>Where checkpoints go. Default: <see cref="InMemoryCheckpointStorage"/>.</summary>
    public CheckpointStorage CheckpointStorage { get; set; } = new InMemoryCheckpointStorage();

    /// <summary>
    /// What happens after a failure. Default, as in Flink: with checkpointing on, restart without limit after 1 s;
    /// without it, no restart.
    /// </summary>
    public RestartStrategy? RestartStrategy { get; set; }

    /// <summary>Whether restoring may drop state that no operator of the job claims. Default: false (the restore fails).</summary>
    public bool AllowNonRestoredState { get; set; }

    /// <summary>How long to wait for a source's <c>Run</c> to return after <c>Cancel()</c> before abandoning its thread. Default: 30 s.</summary>
    public TimeSpan CancellationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The job epoch of the next run, for fencing: a run with an epoch above 0 claims it in <see cref="CheckpointStorage"/>
    /// before it restores (an epoch claimed already fails the start with <see cref="JobFencedException"/>), names its
    /// checkpoints <c>chk-{id}-e{epoch}</c>, and is fenced — its checkpoints refused, the job ended with
    /// <see cref="JobFencedException"/> and never restarted — once a run with a higher epoch has claimed the job, so
    /// that a coordinator cut off by a partition cannot commit the job's checkpoints next to the one that replaced it.
    /// Give each start a higher epoch than the last (a cluster's job grain does). Default: 0, no fencing, and
    /// checkpoints exactly as without epochs.
    /// </summary>
    public long Epoch { get; set; }

    /// <summary>Where the runtime logs checkpoints, restores and restarts. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Whether the next run restores from a given folder or resumes from the latest checkpoint.</summary>
    internal bool HasRestoreSetting => restorePath is not null || resumeFromLatest;

    /// <summary>Turns on periodic checkpoints.</summary>
    public StreamExecutionEnvironment EnableCheckpointing(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        CheckpointInterval = interval;
        return this;
    }

    /// <summary>The next run restores from this savepoint or checkpoint folder (at any parallelism).</summary>
    public StreamExecutionEnvironment RestoreFrom(string savepointOrCheckpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(savepointOrCheckpointPath);
        restorePath = savepointOrCheckpointPath;
        resumeFromLatest = false;
        return this;
    }

    /// <summary>
    /// The next run resumes from the job's latest complete checkpoint in <see cref="CheckpointStorage"/>. With no
    /// checkpoint at all (or only ones that never completed) it starts fresh. When checkpoints exist but none loads
    /// (all damaged), the run fails with a <see cref="CheckpointRestoreException"/> listing each and why, since
    /// starting over would emit again what they recorded; <paramref name="orStartFresh"/> = true starts fresh
    /// instead, logged as a warning.
    /// </summary>
    public StreamExecutionEnvironment ResumeFromLatestCheckpoint(bool orStartFresh = false)
    {
        restorePath = null;
        resumeFromLatest = true;
        startFreshIfNoneLoads = orStartFresh;
        return this;
    }

    /// <summary>Adds a parallel source; <paramref name="factory"/> creates one instance per subtask.</summary>
    public DataStream<T> AddSource<T>(Func<ISourceFunction<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var index = pipelines.Count;
        var spec = new OperatorSpec("source", $"source-{index}");
        var stream = new DataStream<T>(spec, $"source-{index}");
        pipelines.Add(new SourcePipeline<T>(spec, factory, stream));
        return stream;
    }

    /// <summary>Starts the job in the background.</summary>
    public Task<JobClient> StartAsync(string jobName)
    {
        var runner = new JobRunner(Freeze(jobName));
        var completion = Task.Run(runner.RunAsync);
        return Task.FromResult(new JobClient(runner, completion));
    }

    /// <summary>Runs the job to its end. Cancelling the token cancels the job (status <see cref="JobStatus.Cancelled"/>).</summary>
    public async Task<JobResult> ExecuteAsync(string jobName, CancellationToken cancellationToken = default)
    {
        var client = await StartAsync(jobName).ConfigureAwait(false);
        await using (cancellationToken.Register(() => _ = client.CancelAsync()).ConfigureAwait(false))
        {
            return await client.Completion.ConfigureAwait(false);
        }
    }

    /// <summary>The job as it would start now (also what a cluster's workers build their subtasks from).</summary>
    internal JobSettings Freeze(string jobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        if (Parallelism < 1) throw new InvalidOperationException($"Parallelism must be at least 1, not {Parallelism}.");
        if (pipelines.Count == 0) throw new InvalidOperationException("The job has no source; call AddSource first.");
        if (Epoch < 0) throw new InvalidOperationException($"Epoch must be 0 (no fencing) or more, not {Epoch}.");
        if (MaxRetainedCheckpoints < 1) throw new InvalidOperationException($"MaxRetainedCheckpoints must be at least 1, not {MaxRetainedCheckpoints}.");
        var restart = RestartStrategy ?? (CheckpointInterval is null
            ? Checkpointing.RestartStrategy.NoRestart
            : Checkpointing.RestartStrategy.FixedDelay(int.MaxValue, TimeSpan.FromSeconds(1)));
        return new JobSettings(jobName, Parallelism, CheckpointInterval, CheckpointTimeout, MaxRetainedCheckpoints, CheckpointStorage,
            restart, AllowNonRestoredState, restorePath, resumeFromLatest, startFreshIfNoneLoads, CancellationTimeout, LoggerFactory, [.. pipelines], Workers ?? LocalWorker.Factory(LocalWorkers), ParallelismPerAttempt, Epoch);
    }

    /// <summary>How many in-process workers share the subtasks when no <see cref="Workers"/> are set; 1 outside tests.</summary>
    internal int LocalWorkers { get; set; } = 1;

    /// <summary>Where the subtasks run instead, when set (a cluster package sets its own workers).</summary>
    internal WorkerFactory? Workers { get; set; }

    /// <summary>Each attempt's parallelism instead of <see cref="Parallelism"/>, when set (a cluster package's scaling policy).</summary>
    internal AttemptParallelism? ParallelismPerAttempt { get; set; }
}
