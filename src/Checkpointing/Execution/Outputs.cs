namespace Checkpointing.Execution;

/// <summary>One link of a subtask's operator chain. Always called under the subtask's checkpoint lock.</summary>
internal interface IOutput<in T>
{
    void Collect(T value);
}

internal sealed class SinkOutput<T>(ISinkFunction<T> sink) : IOutput<T>
{
    public ISinkFunction<T> Sink { get; } = sink;

    public void Collect(T value) => Sink.Invoke(value);
}

internal sealed class MapOutput<TIn, TOut>(Func<TIn, TOut> map, IOutput<TOut> next) : IOutput<TIn>
{
    public void Collect(TIn value) => next.Collect(map(value));
}

internal sealed class FanOutOutput<T>(IOutput<T>[] outputs) : IOutput<T>
{
    public void Collect(T value)
    {
        foreach (var output in outputs) output.Collect(value);
    }
}

/// <summary>Drops records: the chain of a muted subtask.</summary>
internal sealed class DiscardOutput<T> : IOutput<T>, ISinkFunction<T>
{
    public static readonly DiscardOutput<T> Instance = new();

    public void Collect(T value) { }

    public void Invoke(T value) { }
}
