using Checkpointing;

namespace Consumer;

/// <summary>The generator must make this implement ICheckpointedFunction; nothing here does.</summary>
public sealed partial class Counter : RichParallelSourceFunction<long>
{
    [Checkpointed] private long offset;
    private readonly long limit;
    private volatile bool isRunning = true;

    public Counter(long limit, long start = 0)
    {
        this.limit = limit;
        offset = start;
    }

    public long Offset => offset;

    public override void Run(ISourceContext<long> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (isRunning)
        {
            lock (gate)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset += 1;
            }
        }
    }

    public override void Cancel() => isRunning = false;
}
