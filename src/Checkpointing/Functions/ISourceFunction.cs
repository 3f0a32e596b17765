namespace Checkpointing;

/// <summary>A source: <see cref="Run"/> emits records until it is done or <see cref="Cancel"/> is called.</summary>
public interface ISourceFunction<T>
{
    /// <summary>Emits records through <paramref name="ctx"/>. Returning ends this subtask's input.</summary>
    void Run(ISourceContext<T> ctx);

    /// <summary>Asks <see cref="Run"/> to return soon. Called from another thread.</summary>
    void Cancel();
}

/// <summary>What a source emits into.</summary>
public interface ISourceContext<T>
{
    /// <summary>
    /// The subtask's checkpoint lock. Emit and change state inside one <c>lock (ctx.CheckpointLock)</c> block so every
    /// checkpoint sees state that matches exactly the records emitted so far.
    /// </summary>
    object CheckpointLock { get; }

    /// <summary>Sends a record down the chain (maps, sinks). Runs under the checkpoint lock.</summary>
    void Collect(T element);
}
