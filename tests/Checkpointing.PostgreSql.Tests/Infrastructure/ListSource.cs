namespace Checkpointing.PostgreSql.Tests;

/// <summary>Emits a fixed list once, from subtask 0 only; the position is checkpointed.</summary>
public sealed partial class ListSource<T>(IReadOnlyList<T> items) : RichParallelSourceFunction<T>
{
    [Checkpointed] private int position;
    private volatile bool running = true;

    public override void Run(ISourceContext<T> ctx)
    {
        if (RuntimeContext.SubtaskIndex != 0) return;
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                if (position >= items.Count) return;
                ctx.Collect(items[position]);
                position++;
            }
        }
    }

    public override void Cancel() => running = false;
}
