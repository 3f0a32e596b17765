using Checkpointing;

namespace PartitionedSample;

/// <summary>
/// The CounterSource of Flink's documentation: one scalar offset per subtask in even-split list state, restored with Flink's
/// <c>for (Long s : state) offset = s;</c>. Fine at constant parallelism; wrong on rescale.
/// </summary>
public sealed class NaiveCounterSource(long limit, TimeSpan pace) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long offset;
    private volatile bool running = true;

    public override void Run(ISourceContext<long> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset += 1;
            }
            Thread.Sleep(pace);
        }
    }

    public override void Cancel() => running = false;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

    public void RestoreState(IReadOnlyList<long> state)
    {
        foreach (var s in state) offset = s; // several offsets at lower parallelism: the last one silently wins
    }
}

/// <summary>The same source with the generator: a scalar <c>[Checkpointed]</c> field refuses to pick among several units.</summary>
public sealed partial class GeneratedCounterSource(long limit, TimeSpan pace) : RichParallelSourceFunction<long>
{
    [Checkpointed] private long offset;
    private volatile bool running = true;

    public override void Run(ISourceContext<long> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset += 1;
            }
            Thread.Sleep(pace);
        }
    }

    public override void Cancel() => running = false;
}
