using System.Diagnostics.Metrics;

namespace Checkpointing.Kafka;

/// <summary>The connector's instruments, on the meter <c>Checkpointing.Kafka</c>.</summary>
public static class KafkaMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Checkpointing.Kafka";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Records a source skipped because its deserializer failed (tags: topic, partition).</summary>
    internal static readonly Counter<long> RecordsSkipped = Meter.CreateCounter<long>("checkpointing.kafka.source.records_skipped", "{record}",
        "Records skipped by a KafkaSource with SkipBadRecords because they could not be deserialized.");

    /// <summary>Transactions a sink committed.</summary>
    internal static readonly Counter<long> TransactionsCommitted = Meter.CreateCounter<long>("checkpointing.kafka.sink.transactions_committed", "{transaction}");

    /// <summary>Transactions a sink aborted, lingering ones of a failed attempt included.</summary>
    internal static readonly Counter<long> TransactionsAborted = Meter.CreateCounter<long>("checkpointing.kafka.sink.transactions_aborted", "{transaction}");
}
