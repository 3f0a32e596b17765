using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Kafka;

/// <summary>
/// One checkpoint's Kafka transaction of a <see cref="KafkaSink{T}"/> subtask, as stored in checkpoints: the
/// <c>transactional.id</c> that wrote it and its sequence number (the n-th transaction of that id in this process).
/// At-least-once sinks store an empty id.
/// </summary>
public sealed record KafkaTransaction(string TransactionalId, long Sequence)
{
    /// <summary>Whether this is a Kafka transaction (exactly-once) rather than an at-least-once flush epoch.</summary>
    public bool IsTransactional => TransactionalId.Length > 0;

    /// <inheritdoc />
    public override string ToString() => IsTransactional ? $"{TransactionalId}:{Sequence}" : $"flush {Sequence}";
}

internal sealed class KafkaTransactionFormatter : IMessagePackFormatter<KafkaTransaction>
{
    public void Serialize(ref MessagePackWriter writer, KafkaTransaction value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.TransactionalId);
        writer.Write(value.Sequence);
    }

    public KafkaTransaction Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2) throw new MessagePackSerializationException($"A Kafka transaction needs 2 elements, found {count}.");
        var result = new KafkaTransaction(reader.ReadString() ?? "", reader.ReadInt64());
        for (var i = 2; i < count; i++) reader.Skip();
        return result;
    }
}
