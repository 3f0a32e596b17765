namespace Checkpointing;

/// <summary>Writes every record to standard output, prefixed by the subtask index when the parallelism is above 1.</summary>
public sealed class PrintSink<T> : RichSinkFunction<T>
{
    /// <inheritdoc />
    public override void Invoke(T value)
    {
        if (RuntimeContext.Parallelism > 1) Console.Out.WriteLine($"{RuntimeContext.SubtaskIndex + 1}> {value}");
        else Console.Out.WriteLine(value);
    }
}

/// <summary>Drops every record: for benchmarks and tests.</summary>
public sealed class DiscardingSink<T> : ISinkFunction<T>
{
    /// <inheritdoc />
    public void Invoke(T value) { }
}
