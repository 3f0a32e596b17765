using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Checkpointing.Benchmarks.State;

namespace Checkpointing.Benchmarks.Benchmarks;

/// <summary>
/// Issue 7, benchmark 5 — checkpoint, restore and redistribution against state size and parallelism. State is
/// <c>Units</c> list-state units (longs) split evenly over the old subtasks of <c>Rescale</c> ("p→m").
/// <list type="bullet">
/// <item><c>Checkpoint</c>: one checkpoint of p subtasks to file storage, durable (fsync) and committed.</item>
/// <item><c>Restore</c>: what a job does on restore at m: read and verify the files, assign shares, restore m functions.</item>
/// <item><c>Redistribute</c>: only the assignment (plan plus unit slicing) of the loaded state to m subtasks.</item>
/// </list>
/// </summary>
[Config(typeof(Config))]
public class ScalingBenchmarks
{
    private RuntimeRig rig = null!;
    private string location = null!;
    private OperatorSnapshot loaded = null!;
    private int from;
    private int to;

    [ParamsSource(nameof(UnitCounts))]
    public int Units { get; set; }

    [ParamsSource(nameof(Rescales))]
    public string Rescale { get; set; } = "1→8";

    public static IEnumerable<int> UnitCounts => Settings.Dry ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    public static IEnumerable<string> Rescales => ["1→8", "8→12", "64→48"];

    [GlobalSetup]
    public void Setup()
    {
        var parts = Rescale.Split('→');
        from = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        to = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        rig = new RuntimeRig(from, Units, "scaling");
        var first = rig.Checkpoint();
        location = first.Location;
        loaded = first.Operators[RuntimeRig.OperatorUid];
    }

    [GlobalCleanup]
    public void Cleanup() => rig.Dispose();

    [Benchmark]
    public long Checkpoint() => rig.Checkpoint().CheckpointId;

    [Benchmark]
    public long Restore()
    {
        var restored = RuntimeRig.Restore(location, to);
        if (restored != Units) throw new InvalidOperationException($"Restored {restored} units of {Units}.");
        return restored;
    }

    [Benchmark]
    public long Redistribute()
    {
        // Fresh unit blocks over the same bytes each time: a block caches its unit offsets after the first slice.
        var fresh = RuntimeRig.Fresh(loaded);
        var shares = StateAssignment.Assign(fresh, to);
        long assigned = 0;
        foreach (var share in shares)
            foreach (var state in share.Values) assigned += state.Count;
        return assigned;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            if (!Settings.Dry) AddJob(Jobs.Sweep);
        }
    }
}
