namespace Checkpointing.S3.Tests.Jobs;

/// <summary>The sample's CounterSource, slowed (outside the lock) to about 2,000 records per second and subtask so checkpoints land mid-run.</summary>
public sealed class PacedCounterSource(long limit) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long offset;
    private volatile bool isRunning = true;

    public override void Run(ISourceContext<long> ctx)
    {
        var gate = ctx.CheckpointLock;
        var emitted = 0L;
        while (isRunning)
        {
            lock (gate)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset += 1;
            }
            if (++emitted % 20 == 0) Thread.Sleep(10);
        }
    }

    public override void Cancel() => isRunning = false;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

    public void RestoreState(IReadOnlyList<long> state)
    {
        foreach (var s in state) offset = s;
    }
}
