namespace Checkpointing.Tests.Diagnostics;

/// <summary>What a test wants a <see cref="LimitedCounter"/> to do wrong, shared by every subtask and attempt.</summary>
internal sealed class Faults
{
    private int snapshotFailures;
    private int runFailures;

    public Faults(int snapshotFailures = 0, int runFailures = 0)
    {
        this.snapshotFailures = snapshotFailures;
        this.runFailures = runFailures;
    }

    public bool TakeSnapshotFailure() => Interlocked.Decrement(ref snapshotFailures) >= 0;

    public bool TakeRunFailure() => Interlocked.Decrement(ref runFailures) >= 0;
}

/// <summary>Counts to a limit under the lock (or forever with no limit); its offset is its checkpointed state.</summary>
internal sealed class LimitedCounter(long limit, Faults? faults = null) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long offset;
    private volatile bool running = true;

    public override void Run(ISourceContext<long> ctx)
    {
        if (faults?.TakeRunFailure() == true) throw new InvalidOperationException("injected failure");
        while (running)
        {
            lock (ctx.CheckpointLock)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset++;
            }
            if (offset % 64 == 0) Thread.Yield(); // lets checkpoints in between
        }
    }

    public override void Cancel() => running = false;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp)
    {
        if (faults?.TakeSnapshotFailure() == true) throw new InvalidOperationException("injected snapshot failure");
        return [offset];
    }

    public void RestoreState(IReadOnlyList<long> state) => offset = state.Sum();
}
