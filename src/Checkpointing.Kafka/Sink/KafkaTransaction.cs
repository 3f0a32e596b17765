using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Kafka;

/// <summary>
/// One checkpoint's Kafka transaction of a <see cref="KafkaSink{T}"/> subtask, as stored in checkpoints: the
/// <c>transactional.id</c> that wrote it and its sequence number (the n-th transaction of that id in this process).
/// At-least-once sinks store an empty id. A transaction begun while restoring is bound to its producer in <c>Open</c>,
/// once every subtask has recovered the transactions of the checkpoint.
/// </summary>
public sealed class KafkaTransaction(string transactionalId, long sequence)
{
    /// <summary>The producer's <c>transactional.id</c>; empty for at-least-once.</summary>
    public string TransactionalId { get; internal set; } = transactionalId;

    /// <summary>The transaction's number among the transactions of its id in this process.</summary>
    public long Sequence { get; internal set; } = sequence;

    internal bool IsBound { get; set; } = true;

    /// <summary>The delivery reports of the records written into it; not stored (a restored transaction takes no records).</summary>
    internal Deliveries? Deliveries { get; init; }

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
