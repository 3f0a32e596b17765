namespace Checkpointing.Benchmarks.State;

// Three designs for ISourceContext.Collect, outside the runtime, so the hot-path benchmark can show what the
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

/// <summary>The runtime's design now: ask Monitor whether this thread owns the lock; take it only when not.</summary>
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

/// <summary>The runtime's design before: always re-enter the lock.</summary>
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
