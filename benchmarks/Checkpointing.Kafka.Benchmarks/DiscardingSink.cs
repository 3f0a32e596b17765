namespace Checkpointing.Kafka.Benchmarks;

/// <summary>Drops every record: what is measured is the source.</summary>
public sealed class DiscardingSink<T> : ISinkFunction<T>
{
    public void Invoke(T value) { }
}
