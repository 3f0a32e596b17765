namespace Checkpointing.Benchmarks.State;

// Four designs for ISourceContext.Collect, outside the runtime, so the hot-path benchmark can show what the
// runtime's per-record cost is made of. Each runs the same chain shape as a subtask (context -> output -> sink).

/// <summary>One link of the chain, like the runtime's sink output.</summary>
public interface IChainOutput
{
    void Collect(long value);
}

public sealed class SinkChainOutput(ISinkFunction<long> sink) : IChainOutput
{
    public void Collect(long value) => sink.Invoke(value);
}

/// <summary>Flink's contract: Collect trusts the caller to hold the lock and takes no lock of its own.</summary>
public sealed class NoCheckContext(IChainOutput output) : ISourceContext<long>
{
    private readonly object gate = new();
    private bool muted;
    private long emitted;

    public object CheckpointLock => gate;

    public long Emitted => emitted;

    public void Mute() => muted = true;

    public void Collect(long element)
    {
        if (muted) return;
        output.Collect(element);
        emitted++;
    }
}

/// <summary>
/// The runtime's design now: trust the caller like Flink, but ask Monitor whether this thread owns the lock on the first
/// record and then at random intervals averaging 64 records, failing the source if it does not.
/// </summary>
public sealed class SampledCheckContext(IChainOutput output) : ISourceContext<long>
{
    private readonly object gate = new();
    private bool muted;
    private long emitted;
    private int untilCheck = 1;
    private uint stride = 2463534242;

    public object CheckpointLock => gate;

    public long Emitted => emitted;

    public void Mute() => muted = true;

    public void Collect(long element)
    {
        if (--untilCheck == 0) Verify();
        if (muted) return;
        output.Collect(element);
        emitted++;
    }

    // Not inlined, as in the runtime (src/Checkpointing/Execution/SourceSubtask.cs): inside Collect it kept Collect from
    // being inlined at the source's call site.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Verify()
    {
        if (!Monitor.IsEntered(gate)) throw new InvalidOperationException("Collect without the checkpoint lock.");
        stride ^= stride << 13;
        stride ^= stride >> 17;
        stride ^= stride << 5;
        untilCheck = 32 + (int)(stride & 63);
    }
}

/// <summary>The runtime's design before: ask Monitor on every record whether this thread owns the lock; take it only when not.</summary>
public sealed class IsEnteredContext(IChainOutput output) : ISourceContext<long>
{
    private readonly object gate = new();
    private bool muted;
    private long emitted;

    public object CheckpointLock => gate;

    public long Emitted => emitted;

    public void Mute() => muted = true;

    public void Collect(long element)
    {
        if (Monitor.IsEntered(gate))
        {
            Emit(element);
            return;
        }
        lock (gate) Emit(element);
    }

    private void Emit(long element)
    {
        if (muted) return;
        output.Collect(element);
        emitted++;
    }
}

/// <summary>The runtime's first design: always re-enter the lock.</summary>
public sealed class ReenterContext(IChainOutput output) : ISourceContext<long>
{
    private readonly object gate = new();
    private bool muted;
    private long emitted;

    public object CheckpointLock => gate;

    public long Emitted => emitted;

    public void Mute() => muted = true;

    public void Collect(long element)
    {
        lock (gate)
        {
            if (muted) return;
            output.Collect(element);
            emitted++;
        }
    }
}
