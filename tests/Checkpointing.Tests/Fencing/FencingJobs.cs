using System.Collections.Concurrent;
using Checkpointing.Storage;

namespace Checkpointing.Tests.Fencing;

/// <summary>Lets a test decide when a <see cref="GatedSource"/> finishes, and records what each restore brought.</summary>
internal sealed class Gate
{
    private volatile bool open;

    public bool IsOpen => open;

    public ConcurrentQueue<long> Restored { get; } = new();

    /// <summary>The checkpoint ids the job's sink was told are complete.</summary>
    public ConcurrentQueue<long> Notified { get; } = new();

    public void Open() => open = true;
}

/// <summary>Counts until its gate opens (then the job finishes with a final checkpoint); keeps its offset as list state.</summary>
internal sealed class GatedSource(Gate gate) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long next;
    private volatile bool cancelled;

    public override void Run(ISourceContext<long> ctx)
    {
        var gateLock = ctx.CheckpointLock;
        while (!gate.IsOpen && !cancelled)
        {
            lock (gateLock)
            {
                ctx.Collect(next);
                next++;
            }
            Thread.Sleep(1);
        }
    }

    public override void Cancel() => cancelled = true;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [next];

    public void RestoreState(IReadOnlyList<long> state)
    {
        next = state.Sum();
        gate.Restored.Enqueue(next);
    }
}

/// <summary>Drops records, and records which checkpoints it was told completed (what a two-phase-commit sink commits on).</summary>
internal sealed class NotifiedSink(Gate gate) : ISinkFunction<long>, ICheckpointListener
{
    public void Invoke(long value) { }

    public void NotifyCheckpointComplete(long checkpointId) => gate.Notified.Enqueue(checkpointId);
}

/// <summary>Runs of one job, each a coordinator of its own over one storage: what two silos' job grains are after a partition.</summary>
internal static class FencingJobs
{
    public const string Job = "fenced-job";
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>A run with job epoch <paramref name="epoch"/>: no periodic checkpoints, so every checkpoint is one the test asks for (a savepoint, the final one).</summary>
    public static StreamExecutionEnvironment Run(CheckpointStorage storage, Gate gate, long epoch, Recovery.RecordingLogs? logs = null, bool resume = true)
    {
        var env = new StreamExecutionEnvironment
        {
            Parallelism = 1,
            CheckpointStorage = storage,
            Epoch = epoch,
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 5, delay: TimeSpan.FromMilliseconds(10)),
        };
        if (logs is not null) env.LoggerFactory = logs;
        if (resume) env.ResumeFromLatestCheckpoint();
        env.AddSource(() => new GatedSource(gate)).Uid("gated").AddSink(() => new NotifiedSink(gate)).Uid("sink");
        return env;
    }

    /// <summary>The job's checkpoints that have metadata (complete ones), as "id e epoch".</summary>
    public static async Task<List<string>> CompleteAsync(CheckpointStorage storage)
    {
        var complete = new List<string>();
        foreach (var c in await storage.ListCheckpointsAsync(Job))
            if (await c.ReadFileAsync(CheckpointTarget.MetadataFileName, CancellationToken.None) is not null) complete.Add($"{c.CheckpointId}e{c.Epoch}");
        return complete;
    }

    public static async Task<EpochHistory> HistoryAsync(CheckpointStorage storage) => await EpochHistory.ReadAsync(storage, Job);
}

/// <summary>
/// Passes everything to the storage it wraps, but the next commit waits, once armed, until the test lets it go: a
/// coordinator that has passed its fencing check and whose metadata write is still on its way.
/// </summary>
internal sealed class PausingStorage(CheckpointStorage inner) : CheckpointStorage
{
    private TaskCompletionSource? paused;
    private TaskCompletionSource? resume;

    /// <summary>Arms the pause; the returned task completes once a commit is waiting.</summary>
    public Task PauseNextCommit()
    {
        paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return paused.Task;
    }

    public void Resume() => resume!.TrySetResult();

    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new Target(this, inner.BeginCheckpoint(jobName, checkpointId));

    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch) => new Target(this, inner.BeginCheckpoint(jobName, checkpointId, epoch));

    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default) => inner.ListCheckpointsAsync(jobName, cancellationToken);

    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.DiscardAsync(checkpoint, cancellationToken);

    public override Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default) => inner.TryClaimEpochAsync(jobName, epoch, cancellationToken);

    public override Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default) =>
        inner.TryRecordEpochRestoreAsync(jobName, epoch, restorePoint, cancellationToken);

    public override Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default) => inner.ListEpochClaimsAsync(jobName, cancellationToken);

    private sealed class Target(PausingStorage owner, CheckpointTarget inner) : CheckpointTarget
    {
        public override string Location => inner.Location;

        public override Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => inner.WriteFileAsync(name, bytes, cancellationToken);

        public override async Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref owner.paused, null) is { } paused)
            {
                paused.TrySetResult();
                await owner.resume!.Task.ConfigureAwait(false);
            }
            await inner.CommitAsync(metadata, cancellationToken).ConfigureAwait(false);
        }

        public override Task AbortAsync(CancellationToken cancellationToken) => inner.AbortAsync(cancellationToken);
    }
}
