namespace Checkpointing.Kafka;

/// <summary>Where and how a <see cref="KafkaSink{T}"/> writes.</summary>
public sealed class KafkaSinkOptions
{
    /// <summary>The cluster's <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topic written to.</summary>
    public required string Topic { get; init; }

    /// <summary>Default: <see cref="DeliveryGuarantee.AtLeastOnce"/>.</summary>
    public DeliveryGuarantee DeliveryGuarantee { get; init; } = DeliveryGuarantee.AtLeastOnce;

    /// <summary>
    /// The start of every <c>transactional.id</c> (<c>{prefix}-{subtask}-{slot}</c>); default: <c>{job name}-{operator uid}</c>.
    /// Must be unique per job and sink, and stable across restarts, or lingering transactions cannot be found.
    /// </summary>
    public string? TransactionalIdPrefix { get; init; }

    /// <summary>
    /// Transactional ids per subtask, used in turn, one per checkpoint (Flink's pool); a slot is reused only once its
    /// transaction is committed, so this bounds how many checkpoints may be pending at once. Default 5.
    /// </summary>
    public int TransactionalIdPoolSize { get; init; } = 5;

    /// <summary><c>transaction.timeout.ms</c>: how long the broker keeps a transaction open. Default 15 minutes.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// When set, each record carries a header <c>checkpointing.txn</c> naming its transaction (<c>{transactional.id}:{sequence}</c>),
    /// which lets a reader audit which transaction wrote what.
    /// </summary>
    public bool TransactionHeader { get; init; }

    /// <summary>Called (outside the checkpoint lock) after a transaction committed, with its <c>transactional.id</c> and sequence number.</summary>
    public Action<string, long>? TransactionCommitted { get; init; }

    /// <summary>Called after a transaction was aborted, lingering ones of a failed attempt included.</summary>
    public Action<string, long>? TransactionAborted { get; init; }

    /// <summary>Further producer settings (librdkafka names), applied last.</summary>
    public IReadOnlyDictionary<string, string> ProducerConfig { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (string.IsNullOrEmpty(BootstrapServers)) throw new ArgumentException("KafkaSinkOptions.BootstrapServers is required.");
        if (string.IsNullOrEmpty(Topic)) throw new ArgumentException("KafkaSinkOptions.Topic is required.");
        ArgumentOutOfRangeException.ThrowIfLessThan(TransactionalIdPoolSize, 2);
    }
}
