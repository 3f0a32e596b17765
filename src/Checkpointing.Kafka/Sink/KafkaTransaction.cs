using MessagePack;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing.Kafka;

/// <summary>
/// One checkpoint's Kafka transaction of a <see cref="KafkaSink{T}"/> subtask, as stored in checkpoints: the
/// <c>transactional.id</c> that wrote it and its sequence number (the n-th transaction of that id in this process).
/// At-least-once sinks store an empty id. A transaction begun while restoring is bound to its producer in <c>Open</c>,
/// once every subtask has recovered the transactions of the checkpoint.
/// </summary>
public sealed class KafkaTransaction
{
    // Only the sink begins transactions (and its formatter restores them): users read them, never make them.
    internal KafkaTransaction(string transactionalId, long sequence)
    {
        TransactionalId = transactionalId;
        Sequence = sequence;
    }

    /// <summary>The producer's <c>transactional.id</c>; empty for at-least-once.</summary>
    public string TransactionalId { get; internal set; }

    /// <summary>The transaction's number among the transactions of its id in this process.</summary>
    public long Sequence { get; internal set; }

    internal bool IsBound { get; set; } = true;

    /// <summary>The delivery reports of the records written into it; not stored (a restored transaction takes no records).</summary>
    internal Deliveries? Deliveries { get; init; }

    /// <summary>Whether this is a Kafka transaction (exactly-once) rather than an at-least-once flush epoch.</summary>
    public bool IsTransactional => TransactionalId.Length > 0;

    /// <inheritdoc />
    public override string ToString() => IsTransactional ? $"{TransactionalId}:{Sequence}" : $"flush {Sequence}";
}

internal sealed class KafkaTransactionFormatter() : FieldArrayFormatter<KafkaTransaction>("a Kafka transaction", "transactionalId", "sequence")
{
    protected override void WriteFields(ref MessagePackWriter writer, KafkaTransaction value)
    {
        writer.Write(value.TransactionalId);
        writer.Write(value.Sequence);
    }

    protected override KafkaTransaction ReadFields(ref MessagePackReader reader) => new(reader.ReadString() ?? "", reader.ReadInt64());
}
