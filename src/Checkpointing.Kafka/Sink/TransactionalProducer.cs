using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Checkpointing.Kafka;

/// <summary>The state of a transactional producer's current transaction.</summary>
internal enum TransactionPhase
{
    /// <summary>No transaction open; ready to begin one.</summary>
    Ready,
    /// <summary>Records are being written.</summary>
    Open,
    /// <summary>Pre-committed at a checkpoint; waiting for the checkpoint to complete.</summary>
    Prepared,
}

/// <summary>
/// A producer bound to one <c>transactional.id</c>, kept in a process-wide registry so that after a restart inside the
/// process the next attempt finds it and can commit the transaction its checkpoint lists (librdkafka cannot resume a
/// transaction from another producer, so the producer that began it must commit it) and abort the ones it left open.
/// </summary>
internal sealed class TransactionalProducer : IDisposable
{
    private static readonly ConcurrentDictionary<string, TransactionalProducer> Live = new(StringComparer.Ordinal);
    // The last sequence number per id, kept after its producer is closed, so a transaction is named once in a process.
    private static readonly ConcurrentDictionary<string, long> LastSequence = new(StringComparer.Ordinal);
    // The last committed sequence number per id, kept likewise, so a restore knows which listed transactions it need not look for.
    private static readonly ConcurrentDictionary<string, long> Committed = new(StringComparer.Ordinal);

    private TransactionalProducer(string transactionalId, IProducer<byte[], byte[]> producer)
    {
        TransactionalId = transactionalId;
        Producer = producer;
    }

    public string TransactionalId { get; }
    public IProducer<byte[], byte[]> Producer { get; }

    /// <summary>Guards <see cref="Phase"/>, <see cref="Sequence"/> and <see cref="LastCommitted"/> across the sink's thread and its committer.</summary>
    public object Gate { get; } = new();

    public TransactionPhase Phase { get; set; }

    /// <summary>The sequence number of the current (or last) transaction of this id in this process.</summary>
    public long Sequence { get; private set; } = -1;

    /// <summary>Numbers the next transaction of this id (call under <see cref="Gate"/>).</summary>
    public long NextSequence() => Sequence = LastSequence.AddOrUpdate(TransactionalId, 0, (_, last) => last + 1);

    /// <summary>The sequence number of the last committed transaction, -1 when none; kept per id after the producer is closed.</summary>
    public long LastCommitted
    {
        get => Committed.TryGetValue(TransactionalId, out var last) ? last : -1;
        set => Committed[TransactionalId] = value;
    }

    /// <summary>Whether transaction <paramref name="sequence"/> of <paramref name="transactionalId"/> was committed in this process.</summary>
    public static bool IsCommitted(string transactionalId, long sequence) => Committed.TryGetValue(transactionalId, out var last) && last >= sequence;

    public static bool TryFind(string transactionalId, out TransactionalProducer producer) => Live.TryGetValue(transactionalId, out producer!);

    /// <summary>
    /// The live producer of <paramref name="transactionalId"/>, or a new one after <c>InitTransactions</c>, which on a
    /// broker fences every earlier producer of the id and aborts the transaction it left open. Network I/O: never call
    /// under a checkpoint lock.
    /// </summary>
    public static TransactionalProducer Initialize(string transactionalId, ProducerConfig config, TimeSpan timeout)
    {
        if (Live.TryGetValue(transactionalId, out var existing)) return existing;
        var producerConfig = new ProducerConfig(new Dictionary<string, string>(config)) { TransactionalId = transactionalId };
        var producer = new ProducerBuilder<byte[], byte[]>(producerConfig).Build();
        try
        {
            producer.InitTransactions(timeout);
        }
        catch
        {
            producer.Dispose();
            throw;
        }
        var created = new TransactionalProducer(transactionalId, producer);
        if (Live.TryAdd(transactionalId, created)) return created;
        created.Dispose();
        return Live[transactionalId];
    }

    /// <summary>Removes the producer from the registry and closes it.</summary>
    public void Dispose()
    {
        Live.TryRemove(new KeyValuePair<string, TransactionalProducer>(TransactionalId, this));
        Producer.Dispose();
    }
}
