namespace Checkpointing;

/// <summary>A function with a lifecycle: <see cref="Open"/> before the first record (after any restore), <see cref="Close"/> at the end.</summary>
public abstract class RichFunction
{
    /// <summary>Where this instance runs. Set by the runtime before <see cref="Open"/>.</summary>
    public RuntimeContext RuntimeContext { get; internal set; } = RuntimeContext.Detached;

    /// <summary>Called once before the first record, after state was restored.</summary>
    public virtual void Open() { }

    /// <summary>Called once when the subtask ends, normally or not.</summary>
    public virtual void Close() { }
}

/// <summary>A parallel source with a lifecycle (Flink's <c>RichParallelSourceFunction</c>).</summary>
public abstract class RichParallelSourceFunction<T> : RichFunction, ISourceFunction<T>
{
    /// <inheritdoc />
    public abstract void Run(ISourceContext<T> ctx);

    /// <inheritdoc />
    public abstract void Cancel();
}

/// <summary>A sink with a lifecycle (Flink's <c>RichSinkFunction</c>).</summary>
public abstract class RichSinkFunction<T> : RichFunction, ISinkFunction<T>
{
    /// <inheritdoc />
    public abstract void Invoke(T value);
}
