using MessagePack;
using MessagePack.Formatters;

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
internal sealed class KafkaPartitionSplitFormatter : IMessagePackFormatter<KafkaPartitionSplit>
{
    public static KafkaPartitionSplitFormatter Instance { get; } = new();

    public void Serialize(ref MessagePackWriter writer, KafkaPartitionSplit value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.Topic);
        writer.Write(value.Partition);
        writer.Write(value.NextOffset);
    }

    public KafkaPartitionSplit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 3) throw new MessagePackSerializationException($"A Kafka partition split needs 3 elements, found {count}.");
        var topic = reader.ReadString() ?? throw new MessagePackSerializationException("A Kafka partition split has no topic.");
        var split = new KafkaPartitionSplit(topic, reader.ReadInt32(), reader.ReadInt64());
        for (var i = 3; i < count; i++) reader.Skip();
        return split;
    }
}
