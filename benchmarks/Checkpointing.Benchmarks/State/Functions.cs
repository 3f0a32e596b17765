namespace Checkpointing.Benchmarks.State;

/// <summary>
/// The CounterSource of docs/api.md §1 with a limit, so one job emits a known number of records and ends (its final
/// checkpoint included). Its offset is a generated scalar; every record is emitted and counted under the lock.
/// </summary>
public sealed partial class BenchCounterSource(long limit) : RichParallelSourceFunction<long>
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

/// <summary>
/// The hot path without the runtime: the same loop, the same lock per record, the same field update, but the record
/// goes straight to the sink instead of through <c>ISourceContext.Collect</c> and the operator chain. With
/// <paramref name="contendFirst"/>, another thread makes the lock contended once before the loop, as a checkpoint does:
/// .NET then moves the lock from the object header into a sync block for good, and every later enter and exit is slower.
/// </summary>
public sealed class BareCounterLoop(long limit, ISinkFunction<long> sink, bool contendFirst = false)
{
    private readonly object gate = new();
    private long offset;
    private volatile bool isRunning = true;

    public long Run()
    {
        if (contendFirst) ContendOnce();
        while (isRunning)
        {
            lock (gate)
            {
                if (offset >= limit) return offset;
                sink.Invoke(offset);
                offset += 1;
            }
        }
        return offset;
    }

    public void Cancel() => isRunning = false;

    private void ContendOnce()
    {
        using var held = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            lock (gate)
            {
                held.Set();
                Thread.Sleep(20);
            }
        });
        holder.Start();
        held.Wait();
        lock (gate) { } // waits for the holder: the lock is now contended
        holder.Join();
    }
}

/// <summary>A sink that drops records; it keeps a running sum so no emission can be optimised away.</summary>
public sealed class DiscardingSink : ISinkFunction<long>
{
    public long Checksum;

    public void Invoke(long value) => Checksum += value;
}

/// <summary>
/// A source that holds <c>N</c> units of list state and emits nothing: the subject of the lock-pause and scaling
/// benchmarks (its <c>Run</c> is never started; the runtime snapshots and restores it like any source).
/// </summary>
public sealed partial class UnitsSource : RichParallelSourceFunction<long>
{
    [Checkpointed] public List<long> Units;

    public UnitsSource() => Units = [];

    public UnitsSource(List<long> units) => Units = units;

    public override void Run(ISourceContext<long> ctx) { }

    public override void Cancel() { }
}
