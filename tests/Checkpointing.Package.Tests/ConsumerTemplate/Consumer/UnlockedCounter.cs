using Checkpointing;

namespace Consumer;

/// <summary>The classic bug: the checkpointed offset changes outside the checkpoint lock. The build must warn CKPT001.</summary>
public sealed partial class UnlockedCounter : RichParallelSourceFunction<long>
{
    [Checkpointed] private long offset;
    private volatile bool isRunning = true;

    public override void Run(ISourceContext<long> ctx)
    {
        while (isRunning && offset < 10)
        {
            ctx.Collect(offset);
            offset += 1; // UNLOCKED-WRITE
        }
    }

    public override void Cancel() => isRunning = false;
}
