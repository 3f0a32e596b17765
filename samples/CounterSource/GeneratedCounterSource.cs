using Checkpointing;

namespace CounterSample;

/// <summary>
/// The same CounterSource with the generator: <c>[Checkpointed]</c> replaces <c>IListCheckpointed</c>'s two methods.
/// Its scalar offset travels as one unit per subtask, like the hand-written form.
/// </summary>
public sealed partial class GeneratedCounterSource(long limit) : RichParallelSourceFunction<long>
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
        }
    }

    public override void Cancel() => isRunning = false;
}
