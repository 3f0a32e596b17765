using Checkpointing;

namespace HostedSample;

/// <summary>Emits 0..limit-1 at a steady pace, as a source that polls an external system would; its offset is checkpointed.</summary>
public sealed partial class TickSource(long limit) : RichParallelSourceFunction<long>
{
    [Checkpointed] private long offset;
    private volatile bool isRunning = true;

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
            // A real source waits for input here; the pause makes the first host stop mid-stream.
            if (offset % 100 == 0) Thread.Sleep(5);
        }
    }

    public override void Cancel() => isRunning = false;
}
