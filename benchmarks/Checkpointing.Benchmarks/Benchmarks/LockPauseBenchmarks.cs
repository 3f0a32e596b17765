using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Checkpointing.Benchmarks.Reporting;
using Checkpointing.Benchmarks.State;

namespace Checkpointing.Benchmarks.Benchmarks;

/// <summary>
/// Issue 7, benchmark 4, and issue 18, target 2 — how long a checkpoint pauses a source, against the time to
/// serialize its state once, for each <see cref="PauseShape"/>: four whose units are immutable (the generated
/// <c>SnapshotState</c> copies the collection under the lock; the units are serialized after it) and one whose units
/// can change (serialized under the lock).
/// <list type="bullet">
/// <item><c>SerializeOnce</c> (baseline): MessagePackSerializer writes the same values to bytes once.</item>
/// <item><c>LockHeld</c>: the runtime's <c>SourceSubtask.Snapshot</c> — take the subtask's checkpoint lock, run the
/// generated <c>SnapshotState</c>, release. This is the pause.</item>
/// <item><c>Checkpoint</c>: a whole checkpoint by the coordinator to file storage (snapshot under the lock, then
/// encode, write, fsync and commit outside it). The runtime's own lock-held measurement of these checkpoints is
/// reported beside it: if any I/O happened under the lock it would show there.</item>
/// </list>
/// </summary>
[Config(typeof(Config))]
public class LockPauseBenchmarks
{
    private RuntimeRig rig = null!;
    private PauseShapeSource source = null!;
    private long checkpointId = 1_000_000;

    [ParamsAllValues]
    public PauseShape Shape { get; set; }

    [ParamsSource(nameof(UnitCounts))]
    public int Units { get; set; }

    public static IEnumerable<int> UnitCounts => Settings.Dry ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];

    private LockHeldListener? listener;

    [GlobalSetup]
    public void Setup()
    {
        listener = new LockHeldListener();
        rig = new RuntimeRig(parallelism: 1, "lock-pause", (start, end) => PauseShapeSource.Create(Shape, start, end), Units);
        source = (PauseShapeSource)rig.Subtasks[0].Operators[0].Function;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var (total, max, count) = rig.Coordinator.LockHeld;
        if (count > 0)
        {
            var parameters = $"Shape={Shape}, Units={Units}";
            SideData.Record("lock-pause", nameof(Checkpoint), parameters, "lock held per checkpoint (mean, runtime metric)", total.TotalMicroseconds / count, "us");
            SideData.Record("lock-pause", nameof(Checkpoint), parameters, "lock held per checkpoint (max, runtime metric)", max.TotalMicroseconds, "us");
            SideData.Record("lock-pause", nameof(Checkpoint), parameters, "file writes and commits made while a checkpoint lock was held", rig.Storage.WritesUnderLock, "writes");
            SideData.Record("lock-pause", nameof(Checkpoint), parameters, "file writes and commits checked", rig.Storage.Writes, "writes");
            if (listener?.Median() is { } median)
                SideData.Record("lock-pause", nameof(Checkpoint), parameters, "lock held per checkpoint (median, runtime metric)", median, "us");
        }
        listener?.Dispose();
        rig.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int SerializeOnce() => source.SerializeWithMessagePack();

    [Benchmark]
    public int LockHeld()
    {
        // Only the part under the lock: captured units are serialized by the snapshot's asynchronous part, not run here.
        var snapshot = rig.Subtasks[0].Snapshot(++checkpointId, 0, muteAfter: false);
        return snapshot.Parts[0].States[0].Units.Count;
    }

    [Benchmark]
    public long Checkpoint() => rig.Checkpoint().CheckpointId;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            if (!Settings.Dry) AddJob(Jobs.LockPause);
        }
    }
}
