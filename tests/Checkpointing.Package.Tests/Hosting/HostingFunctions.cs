namespace Checkpointing.Package.Tests.Hosting;

/// <summary>Counts to a limit (or forever) under the lock; its offset is its state, so a restore is visible in what it emits.</summary>
internal sealed class Counter(long limit = long.MaxValue, bool fail = false) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long offset;
    private volatile bool running = true;

    public override void Run(ISourceContext<long> ctx)
    {
        if (fail) throw new InvalidOperationException("this source always fails");
        while (running)
        {
            lock (ctx.CheckpointLock)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset++;
            }
            Thread.Yield();
        }
    }

    public override void Cancel() => running = false;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

    public void RestoreState(IReadOnlyList<long> state) => offset = state.Sum();
}

/// <summary>Remembers the first value each run passes to it, per sink instance list, so a test sees where a run started.</summary>
internal sealed class FirstValues
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> values = new();

    public IReadOnlyList<long> Values => [.. values];

    public ISinkFunction<long> NewSink() => new Sink(values);

    private sealed class Sink(System.Collections.Concurrent.ConcurrentQueue<long> values) : ISinkFunction<long>
    {
        private bool seen;

        public void Invoke(long value)
        {
            if (seen) return;
            seen = true;
            values.Enqueue(value);
        }
    }
}
