using System.Diagnostics;
using System.Runtime.CompilerServices;
using Checkpointing.Snapshots;

namespace Checkpointing.Execution;

/// <summary>Callbacks from subtasks to the worker that hosts them (<see cref="LocalWorker"/>).</summary>
internal abstract class SubtaskHost
{
    public abstract string JobName { get; }
    public abstract int Parallelism { get; }
    public abstract void SubtaskFinished(ISubtask subtask);
    public abstract void SubtaskFailed(ISubtask subtask, Exception error);

    /// <summary>The subtask's source was found calling Collect without the checkpoint lock; the subtask now takes it per record.</summary>
    public virtual void SubtaskEmitsWithoutLock(ISubtask subtask) { }
}

/// <summary>One parallel instance of a pipeline: a source thread and its chain, guarded by one checkpoint lock.</summary>
internal interface ISubtask
{
    int Index { get; }
    IReadOnlyList<OperatorInstance> Operators { get; }
    long RecordsEmitted { get; }
    void Start();
    void Cancel();
    bool Join(TimeSpan timeout);

    /// <summary>Snapshots every stateful function of the chain under the checkpoint lock; optionally stops passing records on afterwards.</summary>
    SubtaskSnapshot Snapshot(long checkpointId, long timestamp, bool muteAfter);

    void Unmute();

    /// <summary>Runs <paramref name="action"/> on every function of the chain, under the checkpoint lock.</summary>
    void UnderLock(Action<OperatorInstance> action);
}

/// <summary>What one subtask contributed to a checkpoint, and how long its lock was held for it.</summary>
internal sealed record SubtaskSnapshot(int SubtaskIndex, IReadOnlyList<OperatorSubtaskState> Parts, IReadOnlyList<Func<CancellationToken, Task>> AsyncParts, TimeSpan LockHeld);

internal sealed class SourceSubtask<T> : ISubtask, ISourceContext<T>
{
    private readonly SubtaskHost host;
    private readonly ISourceFunction<T> source;
    private readonly object gate = new();
    private readonly Thread thread;
    // The chain seen as one sink: a chain that is a single sink is called directly, saving the dispatch through its
    // SinkOutput link.
    private readonly ISinkFunction<T> chain;
    // What Collect hands records to: the chain; the chain behind a lock for a source found emitting without it; or
    // nothing while muted after a stop-with-savepoint. Swapping the target instead of testing flags keeps the
    // per-record path to one call. Changed only under the lock.
    private ISinkFunction<T> target;
    private bool muted;
    private bool guarded;
    // Set when Run threw: the chain may have seen records whose state change never happened, so later snapshots are declined.
    private volatile Exception? failure;
    // Records are counted per stride between two ownership checks rather than one by one (an increment per record
    // cost 5% of the hot path): RecordsEmitted = countedStrides + (stride - untilOwnershipCheck).
    private long countedStrides;
    private int stride = 1;
    private int untilOwnershipCheck = 1;
    private uint strideState = (uint)Random.Shared.Next(1, int.MaxValue);

    public SourceSubtask(SubtaskHost host, int index, ISourceFunction<T> source, IOutput<T> output, IReadOnlyList<OperatorInstance> operators)
    {
        this.host = host;
        this.source = source;
        chain = AsSink(output);
        target = chain;
        Index = index;
        Operators = operators;
        thread = new Thread(RunSource)
        {
            IsBackground = true,
            Name = $"{host.JobName}: {operators[0].Uid} ({index + 1}/{host.Parallelism})",
        };
    }

    public int Index { get; }
    public IReadOnlyList<OperatorInstance> Operators { get; }

    /// <summary>
    /// Records handed to Collect (those dropped while muted for a stop-with-savepoint included). Exact once the source
    /// thread has ended; read while it runs, the three fields may be caught mid-update, so a live reading can be off by
    /// up to one stride (under 100 records).
    /// </summary>
    public long RecordsEmitted => Volatile.Read(ref countedStrides) + Volatile.Read(ref stride) - Volatile.Read(ref untilOwnershipCheck);
    public object CheckpointLock => gate;

    public void Collect(T element)
    {
        // A correct source holds the checkpoint lock here (docs/api.md §3), as in Flink, whose collect trusts the caller. Asking
        // Monitor on every record cost a third of the hot path (docs/performance.md), so ownership is verified on the
        // first record and then at random intervals averaging 64 records, and a correct source pays one decrement per
        // record (which also counts the records). A source found without the lock (a stateless source may emit so,
        // CKPT002) gets the chain behind the lock from then on: at once for one that never locks, since the first
        // record is checked; for one that skips the lock on some paths, once a check lands on one (no periodic
        // pattern can dodge a random stride).
        if (--untilOwnershipCheck == 0) VerifyOwnership();
        target.Invoke(element);
    }

    private static ISinkFunction<T> AsSink(IOutput<T> output) => output switch
    {
        SinkOutput<T> sink => sink.Sink,
        DiscardOutput<T> discard => discard,
        _ => new ChainSink(output),
    };

    /// <summary>A chain with maps or several sinks, seen as one sink.</summary>
    private sealed class ChainSink(IOutput<T> output) : ISinkFunction<T>
    {
        public void Invoke(T value) => output.Collect(value);
    }

    // Kept out of Collect: inlined, it made Collect too large for the JIT to inline at the source's call site, which
    // cost about 3 ns per record (a quarter of the hot path; DesignSampledCheck in docs/performance.md).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void VerifyOwnership()
    {
        if (!guarded && !Monitor.IsEntered(gate)) Guard();
        // xorshift32: cheap, and only the stride's unpredictability matters, not its quality.
        strideState ^= strideState << 13;
        strideState ^= strideState >> 17;
        strideState ^= strideState << 5;
        countedStrides += stride;
        stride = 32 + (int)(strideState & 63);
        untilOwnershipCheck = stride;
    }

    private void Guard()
    {
        lock (gate)
        {
            guarded = true;
            if (!muted) target = new LockingSink(gate, chain);
        }
        host.SubtaskEmitsWithoutLock(this);
    }

    /// <summary>The chain of a source that emits without the lock: each record takes it, unless the caller holds it.</summary>
    private sealed class LockingSink(object gate, ISinkFunction<T> chain) : ISinkFunction<T>
    {
        public void Invoke(T value)
        {
            if (Monitor.IsEntered(gate))
            {
                chain.Invoke(value);
                return;
            }
            lock (gate) chain.Invoke(value);
        }
    }

    public void Start() => thread.Start();

    public void Cancel() => source.Cancel();

    // ThreadState is a set of flags (a background thread that never ran is Background | Unstarted).
    public bool Join(TimeSpan timeout) => (thread.ThreadState & System.Threading.ThreadState.Unstarted) != 0 || thread.Join(timeout);

    public SubtaskSnapshot Snapshot(long checkpointId, long timestamp, bool muteAfter)
    {
        lock (gate)
        {
            if (failure is { } error)
                throw new InvalidOperationException($"Subtask {Index} of {Operators[0].Uid} failed ({error.Message}); it declines checkpoint {checkpointId}, since its state may not match what it emitted.", error);
            var start = Stopwatch.GetTimestamp();
            var parts = new List<OperatorSubtaskState>(Operators.Count);
            var asyncParts = new List<Func<CancellationToken, Task>>();
            foreach (var op in Operators)
            {
                if (op.State is null) continue;
                var (state, work) = FunctionState.SnapshotSynchronousPart(op.State, op.Uid, Index, host.Parallelism, checkpointId, timestamp);
                parts.Add(state);
                asyncParts.AddRange(work);
            }
            if (muteAfter)
            {
                muted = true;
                target = DiscardOutput<T>.Instance;
            }
            return new SubtaskSnapshot(Index, parts, asyncParts, Stopwatch.GetElapsedTime(start));
        }
    }

    public void Unmute()
    {
        lock (gate)
        {
            muted = false;
            target = guarded ? new LockingSink(gate, chain) : chain;
        }
    }

    public void UnderLock(Action<OperatorInstance> action)
    {
        lock (gate)
        {
            foreach (var op in Operators) action(op);
        }
    }

    private void RunSource()
    {
        try
        {
            source.Run(this);
            host.SubtaskFinished(this);
        }
        catch (Exception e)
        {
            failure = e;
            host.SubtaskFailed(this, e);
        }
    }
}
