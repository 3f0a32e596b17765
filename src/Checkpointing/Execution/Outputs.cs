namespace Checkpointing.Execution;

/// <summary>One link of a subtask's operator chain. Always called under the subtask's checkpoint lock.</summary>
internal interface IOutput<in T>
{
    void Collect(T value);
}

internal sealed class SinkOutput<T>(ISinkFunction<T> sink) : IOutput<T>
{
    public void Collect(T value) => sink.Invoke(value);
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

internal sealed class DiscardOutput<T> : IOutput<T>
{
    public static readonly DiscardOutput<T> Instance = new();

    public void Collect(T value) { }
}
