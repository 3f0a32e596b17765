using MessagePack;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing.Kafka;

/// <summary>One partition of a <see cref="KafkaSource{T}"/> and the offset of its next record.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="NextOffset">The offset to read next; <see cref="Unresolved"/> until the starting position is looked up.</param>
public sealed record KafkaPartitionSplit(string Topic, int Partition, long NextOffset) : ISourceSplit
{
    /// <summary>The offset of a partition found but not yet looked up: its starting position decides where reading begins.</summary>
    public const long Unresolved = -1;

    /// <inheritdoc />
    public string SplitId => $"{Topic}-{Partition}";

    /// <summary>The topic: its hash picks the subtask of partition 0, and the partitions follow round-robin.</summary>
    public string AssignmentGroup => Topic;

    /// <inheritdoc />
    public int AssignmentIndex => Partition;
}

/// <summary>Stores a <see cref="KafkaPartitionSplit"/> as <c>[topic, partition, nextOffset]</c>.</summary>
internal sealed class KafkaPartitionSplitFormatter() : FieldArrayFormatter<KafkaPartitionSplit>("a Kafka partition split", "topic", "partition", "nextOffset")
{
    public static KafkaPartitionSplitFormatter Instance { get; } = new();

    protected override void WriteFields(ref MessagePackWriter writer, KafkaPartitionSplit value)
    {
        writer.Write(value.Topic);
        writer.Write(value.Partition);
        writer.Write(value.NextOffset);
    }

    protected override KafkaPartitionSplit ReadFields(ref MessagePackReader reader) =>
        new(ReadRequiredString(ref reader, "topic"), reader.ReadInt32(), reader.ReadInt64());
}
