using Confluent.Kafka;

namespace Checkpointing.Kafka;

/// <summary>
/// The delivery reports of the records of one transaction (at least once: of one flush epoch). A pre-commit is only
/// done when every record it holds is on the brokers: the client can give up on records it accepted (for instance
/// when a partition cannot join the transaction, which dooms it), and a checkpoint completed over such a
/// transaction would claim source positions whose records never reach the topic.
/// </summary>
internal sealed class Deliveries
{
    // Written by the sink's thread under the checkpoint lock; read after the lock is released.
    private long produced;
    private long settled;
    private Error? failed;

    /// <param name="onFailure">Called once, from the client's thread, with the first failed delivery.</param>
    public Deliveries(Action<Error> onFailure)
    {
        Handler = report =>
        {
            // The failure is published before the count, so whoever sees every record settled also sees it.
            if (report.Error.IsError && Interlocked.CompareExchange(ref failed, report.Error, null) is null) onFailure(report.Error);
            Interlocked.Increment(ref settled);
        };
    }

    /// <summary>Given to the client with each record.</summary>
    public Action<DeliveryReport<byte[], byte[]>> Handler { get; }

    /// <summary>How many records the client accepted.</summary>
    public long Count => produced;

    /// <summary>Counts a record the client accepted.</summary>
    public void Produced() => produced++;

    /// <summary>
    /// After the producer was flushed: waits for the last delivery reports to be handled, then throws if any record
    /// was not delivered.
    /// </summary>
    public void Confirm(TimeSpan timeout, string what)
    {
        if (!SpinWait.SpinUntil(() => Volatile.Read(ref settled) >= produced, timeout))
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{produced - Volatile.Read(ref settled)} records of {what} were not acknowledged in time."));
        if (Volatile.Read(ref failed) is { } error)
            throw new KafkaException(new Error(error.Code, $"A record of {what} was not delivered: {error.Reason}"));
    }
}
