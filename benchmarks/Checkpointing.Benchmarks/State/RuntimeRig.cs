using Checkpointing.Execution;
using Checkpointing.Snapshots;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Benchmarks.State;

/// <summary>
/// The runtime's own checkpoint machinery around <see cref="UnitsSource"/> subtasks, without source threads:
/// real <c>SourceSubtask</c>s (whose <c>Snapshot</c> takes and times the checkpoint lock) on a real <c>LocalWorker</c>, a real
/// <c>CheckpointCoordinator</c> writing to <see cref="FileSystemCheckpointStorage"/>, and the restore path a job
/// takes (load and verify files, assign shares, restore each new function).
/// </summary>
internal sealed class RuntimeRig : IDisposable
{
    public const string OperatorUid = "units";
    private const string JobName = "bench";

    private readonly LocalWorker worker;
    private readonly string folder;

    /// <summary>Subtasks of <see cref="UnitsSource"/> (<c>List&lt;long&gt;</c>) sharing <paramref name="totalUnits"/>, as an even-split restore would leave them.</summary>
    public RuntimeRig(int parallelism, int totalUnits, string name)
        : this(parallelism, name, LongSlices(totalUnits), totalUnits)
    {
    }

    private static Func<int, int, RichParallelSourceFunction<long>> LongSlices(int totalUnits)
    {
        var all = ShapeData.Longs(totalUnits);
        return (start, end) => new UnitsSource(all.GetRange(start, end - start));
    }

    /// <summary>Subtasks of the sources <paramref name="sourceFor"/> makes for each range of <paramref name="totalUnits"/>.</summary>
    public RuntimeRig(int parallelism, string name, Func<int, int, RichParallelSourceFunction<long>> sourceFor, int totalUnits)
    {
        folder = Settings.NewScratchFolder(name);
        Storage = new LockProbeStorage(folder);
        var settings = new JobSettings(JobName, parallelism, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), MaxRetainedCheckpoints: 2,
            Storage, RestartStrategy.NoRestart, AllowNonRestoredState: false, RestorePath: null, ResumeFromLatest: false, StartFreshIfNoneLoads: false,
            TimeSpan.FromSeconds(30), NullLoggerFactory.Instance, []);
        worker = new LocalWorker(settings, attempt: 0, new Events(), NullLogger.Instance);
        var subtasks = new List<ISubtask>(parallelism);
        for (var i = 0; i < parallelism; i++)
        {
            // Units split as evenly as an even-split restore would leave them.
            var start = (int)((long)totalUnits * i / parallelism);
            var end = (int)((long)totalUnits * (i + 1) / parallelism);
            var source = sourceFor(start, end);
            var subtask = new SourceSubtask<long>(worker, i, source, DiscardOutput<long>.Instance, [new OperatorInstance(OperatorUid, source)]);
            worker.Host(new SubtaskId(0, i), subtask);
            subtasks.Add(subtask);
        }
        Subtasks = subtasks;
        foreach (var subtask in subtasks) Storage.Watch(((ISourceContext<long>)subtask).CheckpointLock);
        Coordinator = new CheckpointCoordinator(settings, [worker], e => throw new InvalidOperationException("The benchmark job failed.", e), NullLogger.Instance, 0);
    }

    public int Parallelism => worker.Parallelism;

    /// <summary>File-system storage that also counts writes made while a subtask's checkpoint lock was held.</summary>
    public LockProbeStorage Storage { get; }

    public IReadOnlyList<ISubtask> Subtasks { get; }

    public CheckpointCoordinator Coordinator { get; }

    /// <summary>One periodic checkpoint, to durable files; returns it.</summary>
    public CompletedCheckpoint Checkpoint() =>
        Coordinator.CheckpointAsync(CheckpointKind.Periodic, null, CancellationToken.None).GetAwaiter().GetResult()
        ?? throw new InvalidOperationException("The checkpoint was aborted.");

    /// <summary>
    /// What a job does to restore <paramref name="checkpoint"/> at <paramref name="newParallelism"/>: read and verify
    /// its files, assign each new subtask its share, restore a fresh function per subtask. Returns the units restored.
    /// </summary>
    public static long Restore(string location, int newParallelism)
    {
        var loaded = CompletedCheckpoint.LoadAsync(new FileSystemCheckpointStorage(location).Open(location)).GetAwaiter().GetResult();
        var snapshot = loaded.Operators[OperatorUid];
        var shares = StateAssignment.Assign(snapshot, newParallelism);
        long restored = 0;
        for (var i = 0; i < newParallelism; i++)
        {
            var function = new UnitsSource();
            FunctionState.Restore(function, OperatorUid, loaded.CheckpointId, i, newParallelism, snapshot.Parallelism, shares[i], allowNonRestoredState: false);
            restored += function.Units.Count;
        }
        return restored;
    }

    /// <summary>The same snapshot over the same bytes with fresh unit blocks (no cached unit offsets).</summary>
    public static OperatorSnapshot Fresh(OperatorSnapshot snapshot) =>
        new(snapshot.OperatorUid, snapshot.Parallelism, snapshot.CheckpointId,
            [.. snapshot.States.Select(s => new OperatorState(s.Name, s.Mode, s.TypeName, s.Layouts, [.. s.PerSubtask.Select(b => new UnitBlock(b.Bytes, b.Count))]))]);

    public void Dispose() => Settings.DeleteScratch(folder);

    private sealed class Events : IWorkerEvents
    {
        public void SubtaskFinished(SubtaskId subtask) { }
        public void SubtaskFailed(SubtaskId subtask, Exception error) => throw new InvalidOperationException("A benchmark subtask failed.", error);
        public void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid) { }
        public void WorkerFailed(Exception error) => throw new InvalidOperationException("A benchmark listener failed.", error);
    }
}
