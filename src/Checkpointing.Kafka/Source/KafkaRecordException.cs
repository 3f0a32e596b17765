namespace Checkpointing.Kafka;

/// <summary>A record of a <see cref="KafkaSource{T}"/> could not be deserialized; the message names its topic, partition and offset.</summary>
public sealed class KafkaRecordException(string topic, int partition, long offset, Exception inner)
    : Exception($"Cannot deserialize the record at offset {offset} of {topic} partition {partition}: {inner.Message}", inner)
{
    /// <summary>The record's topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>The record's partition.</summary>
    public int Partition { get; } = partition;

    /// <summary>The record's offset.</summary>
    public long Offset { get; } = offset;
}
