namespace Checkpointing.Tool.Tests.Jobs;

/// <summary>A partition's progress: a generated type, so its layout (member names) is stored with the state.</summary>
public readonly record struct Partition(int Id, long Offset);

/// <summary>
/// The job the tests checkpoint: partitions dealt over subtasks (an even-split collection of a generated type), a
/// scalar without a Merge (refused when a rescale hands a subtask two), and a union scalar with a Merge.
/// </summary>
public sealed partial class ShopSource : RichParallelSourceFunction<Partition>
{
    [Checkpointed] private List<Partition> owned = [];
    [Checkpointed] private long emitted;
    [Checkpointed(Redistribution = Redistribution.Union, Merge = nameof(Latest))] private long epoch;
    private volatile bool running = true;
    private bool restored;

    public ShopSource() : this(8, long.MaxValue, TimeSpan.Zero) { }

    public ShopSource(int partitions, long limit, TimeSpan pace)
    {
        Partitions = partitions;
        Limit = limit;
        Pace = pace;
    }

    private int Partitions { get; }
    private long Limit { get; }
    private TimeSpan Pace { get; }

    public IReadOnlyList<Partition> Owned => owned;
    public long Emitted => emitted;
    public long Epoch => epoch;

    /// <summary>Sets the state directly, to bootstrap a savepoint from data.</summary>
    public static ShopSource WithState(IEnumerable<Partition> partitions, long emitted, long epoch)
    {
        var source = new ShopSource();
        source.owned = [.. partitions];
        source.emitted = emitted;
        source.epoch = epoch;
        source.restored = true;
        return source;
    }

    private static long Latest(IReadOnlyList<long> units) => units.Max();

    partial void OnRestored(RestoreInfo info) => restored = true;

    public override void Open()
    {
        if (restored) return;
        epoch = 1;
        for (var p = RuntimeContext.SubtaskIndex; p < Partitions; p += RuntimeContext.Parallelism)
            owned.Add(new Partition(p, 0));
    }

    public override void Run(ISourceContext<Partition> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                var any = false;
                for (var i = 0; i < owned.Count; i++)
                {
                    var (id, offset) = owned[i];
                    if (offset >= Limit) continue;
                    ctx.Collect(new Partition(id, offset));
                    owned[i] = new Partition(id, offset + 1);
                    emitted++;
                    any = true;
                }
                if (!any) return;
            }
            if (Pace > TimeSpan.Zero) Thread.Sleep(Pace);
        }
    }

    public override void Cancel() => running = false;
}

/// <summary>Keeps what it receives, for the test to check where a restored job resumed.</summary>
public sealed class CollectingSink(System.Collections.Concurrent.ConcurrentQueue<Partition> received) : ISinkFunction<Partition>
{
    public void Invoke(Partition value) => received.Enqueue(value);
}

/// <summary>A sink with state of its own, chained to the source: its subtask's state goes into the source's state file.</summary>
public sealed partial class CountingSink : ISinkFunction<Partition>
{
    [Checkpointed] private long received;
    [Checkpointed] private List<int> seen = [];

    public long Received => received;

    public void Invoke(Partition value)
    {
        received++;
        if (!seen.Contains(value.Id)) seen.Add(value.Id);
    }
}
