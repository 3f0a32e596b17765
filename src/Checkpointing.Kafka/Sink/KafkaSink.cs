using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Checkpointing.Serialization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Kafka;

/// <summary>
/// Writes records to a Kafka topic (Flink's Kafka sink) on <see cref="TwoPhaseCommitSinkFunction{T, TTransaction}"/>.
/// <para><see cref="DeliveryGuarantee.ExactlyOnce"/>: each checkpoint's records of a subtask go into one Kafka
/// transaction of a transactional id <c>{prefix}-{subtask}-{slot}</c> from a pool of
/// <see cref="KafkaSinkOptions.TransactionalIdPoolSize"/>; the transaction is flushed in the checkpoint's asynchronous
/// part and committed, by a background committer, when the checkpoint completes. After a restore the transactions the
/// checkpoint lists are committed again (idempotently) and every id of the pool — of this subtask and of subtasks that
/// no longer exist after a rescale — is re-initialized, which fences the failed attempt's producers and aborts their
/// lingering transactions.</para>
/// <para>Both guarantees flush in the checkpoint's asynchronous part and wait for every record's delivery report: a
/// checkpoint completes only once its records are on the brokers, and a failed delivery fails it and the job.
/// Exactly-once: the transactions handed to the committer stay in every checkpoint until their commit is confirmed,
/// so a restore commits again one whose commit failed.</para>
/// No flush, commit or initialization runs while the checkpoint lock is held.
/// </summary>
public sealed class KafkaSink<T> : TwoPhaseCommitSinkFunction<T, KafkaTransaction>
{
    private const string TransactionHeaderName = "checkpointing.txn";
    private static readonly ListStateDescriptor<KafkaTransaction> Committing =
        new("$kafka.committing", Redistribution.EvenSplit, new KafkaTransactionFormatter(), nameof(KafkaTransaction));
    private readonly KafkaSinkOptions options;
    private readonly Func<T, Message<byte[], byte[]>> serialize;
    private readonly TransactionalProducer?[] slots;
    private readonly List<(IProducer<byte[], byte[]> Producer, Deliveries Deliveries)> toFlush = [];
    // Handed to the committer, not yet confirmed committed: stored with every checkpoint until they are.
    private readonly ConcurrentDictionary<KafkaTransaction, bool> unconfirmed = new(ReferenceEqualityComparer.Instance);
    private IProducer<byte[], byte[]>? plain;
    private TransactionalProducer? current;
    private byte[]? currentHeader;
    private KafkaTransaction? unbound;
    private long turn;
    private long flushes;
    private int previousParallelism = -1;
    private Committer? committer;
    private volatile Exception? failure;

    static KafkaSink()
    {
        if (!CheckpointFormatters.IsRegistered<KafkaTransaction>()) CheckpointFormatters.Register(new KafkaTransactionFormatter());
    }

    /// <summary>Writes to <see cref="KafkaSinkOptions.Topic"/>; <paramref name="serialize"/> makes each record's key, value and headers.</summary>
    public KafkaSink(KafkaSinkOptions options, Func<T, Message<byte[], byte[]>> serialize)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serialize);
        options.Validate();
        this.options = options;
        this.serialize = serialize;
        slots = new TransactionalProducer?[options.TransactionalIdPoolSize];
    }

    /// <summary>Fault injection for tests: runs on the committer before each commit; what it throws is a failed commit.</summary>
    internal Action<KafkaTransaction>? BeforeCommit { get; init; }

    private bool ExactlyOnce => options.DeliveryGuarantee == DeliveryGuarantee.ExactlyOnce;

    private string Prefix => options.TransactionalIdPrefix ?? $"{RuntimeContext.JobName}-{RuntimeContext.OperatorUid}";

    private ILogger Logger => RuntimeContext.Logger;

    /// <summary>
    /// Creates the producers before the first record. Exactly-once: every transactional id of the pool is initialized
    /// here, after all subtasks recovered the restored transactions, which fences the failed attempt's producers and
    /// aborts what they left open; then the transaction begun during the restore is bound to its producer.
    /// </summary>
    public override void Open()
    {
        var config = ProducerConfig();
        if (ExactlyOnce)
        {
            committer = new Committer(this);
            for (var slot = 0; slot < slots.Length; slot++) slots[slot] = Fence(TransactionalId(RuntimeContext.SubtaskIndex, slot), config, keep: true);
            // Subtasks that existed before a scale-in: their ids are fenced by the subtask that now has their index modulo the parallelism.
            for (var gone = RuntimeContext.Parallelism; gone < previousParallelism; gone++)
            {
                if (gone % RuntimeContext.Parallelism != RuntimeContext.SubtaskIndex) continue;
                for (var slot = 0; slot < slots.Length; slot++) Fence(TransactionalId(gone, slot), config, keep: false);
            }
            if (unbound is { } transaction)
            {
                unbound = null;
                Bind(transaction);
            }
        }
        else
        {
            plain = new ProducerBuilder<byte[], byte[]>(config).Build();
        }
        base.Open();
    }

    /// <inheritdoc />
    public override void RestoreState(IRestoreContext context)
    {
        previousParallelism = context.PreviousParallelism;
        // Completed checkpoints' transactions whose commit was not confirmed when this one was taken: like its own.
        foreach (var transaction in context.Get(Committing)) CommitRestored(new PendingTransaction<KafkaTransaction>(context.CheckpointId, transaction));
        base.RestoreState(context);
    }

    /// <summary>
    /// Pre-commits under the lock (no I/O); the flush of the pre-committed records, and the wait for their delivery
    /// reports, run in the asynchronous part.
    /// </summary>
    public override void SnapshotState(ISnapshotContext context)
    {
        ThrowIfFailed();
        base.SnapshotState(context);
        if (ExactlyOnce) context.AddRange(Committing, unconfirmed.Keys);
        var flushing = toFlush.ToArray();
        toFlush.Clear();
        context.AddAsyncPart(_ => Task.Run(() => Flush(flushing)));
    }

    /// <summary>
    /// Waits for queued commits, aborts the open transaction, and closes producers that hold no pre-committed
    /// transaction. Throws when a completed checkpoint's transaction could not be committed: after a job's sources
    /// finished, that fails the attempt, and the restart's restore commits it again.
    /// </summary>
    public override void Close()
    {
        committer?.Dispose();
        try
        {
            base.Close();
        }
        finally
        {
            foreach (var slot in slots)
            {
                // A pre-committed transaction stays with its producer in the registry: a restore in this process commits it.
                if (slot is not null && slot.Phase != TransactionPhase.Prepared) slot.Dispose();
            }
            Array.Clear(slots);
            plain?.Flush(TimeSpan.FromSeconds(30));
            plain?.Dispose();
            plain = null;
        }
        if (!unconfirmed.IsEmpty)
            throw new KafkaException(new Error(ErrorCode.Local_Fail,
                $"Kafka sink {RuntimeContext.OperatorUid} closed with {unconfirmed.Count} transaction(s) of completed checkpoints not committed " +
                $"({string.Join(", ", unconfirmed.Keys)}): {failure?.Message ?? "the committer stopped"}"), failure);
    }

    /// <inheritdoc />
    protected override KafkaTransaction BeginTransaction()
    {
        var deliveries = new Deliveries(error => failure ??= new KafkaException(new Error(error.Code, $"A record of Kafka sink {RuntimeContext.OperatorUid} was not delivered: {error.Reason}")));
        if (!ExactlyOnce) return new KafkaTransaction("", flushes++) { Deliveries = deliveries };
        var transaction = new KafkaTransaction("", -1) { Deliveries = deliveries };
        // Begun by the restore, before Open has initialized the pool: bound there.
        if (slots[0] is null)
        {
            transaction.IsBound = false;
            unbound = transaction;
            return transaction;
        }
        Bind(transaction);
        return transaction;
    }

    /// <summary>Begins a Kafka transaction for <paramref name="transaction"/> on the next producer of the pool (a local call, no I/O).</summary>
    private void Bind(KafkaTransaction transaction)
    {
        var producer = slots[turn++ % slots.Length]!;
        lock (producer.Gate)
        {
            // The slot's previous transaction is normally committed checkpoints ago; if notifications lag behind the
            // whole pool, wait for the committer rather than mix two transactions on one id.
            var deadline = DateTime.UtcNow + options.TransactionTimeout;
            while (producer.Phase != TransactionPhase.Ready)
            {
                ThrowIfFailed();
                if (DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"Transactional id {producer.TransactionalId} is still {producer.Phase}: more than {slots.Length} checkpoints are waiting for completion. Raise TransactionalIdPoolSize.");
                Monitor.Wait(producer.Gate, TimeSpan.FromMilliseconds(50));
            }
            producer.Producer.BeginTransaction();
            producer.Phase = TransactionPhase.Open;
            producer.NextSequence();
            transaction.TransactionalId = producer.TransactionalId;
            transaction.Sequence = producer.Sequence;
            transaction.IsBound = true;
        }
        current = producer;
        currentHeader = options.TransactionHeader ? Encoding.UTF8.GetBytes(transaction.ToString()) : null;
    }

    /// <inheritdoc />
    protected override void Invoke(KafkaTransaction transaction, T value)
    {
        ThrowIfFailed();
        var message = serialize(value);
        if (currentHeader is not null) (message.Headers ??= []).Add(TransactionHeaderName, currentHeader);
        var producer = ExactlyOnce ? current!.Producer : plain!;
        var deliveries = transaction.Deliveries!;
        while (true)
        {
            try
            {
                producer.Produce(options.Topic, message, deliveries.Handler);
                deliveries.Produced();
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: the client's queue is full until the brokers acknowledge; serve delivery reports and retry.
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <inheritdoc />
    protected override void PreCommit(KafkaTransaction transaction)
    {
        if (!ExactlyOnce)
        {
            toFlush.Add((plain!, transaction.Deliveries!));
            return;
        }
        var producer = Slot(transaction);
        lock (producer.Gate) producer.Phase = TransactionPhase.Prepared;
        toFlush.Add((producer.Producer, transaction.Deliveries!));
    }

    /// <summary>Hands the commit to the background committer: this runs under the lock, and a commit is a round trip.</summary>
    protected override void Commit(KafkaTransaction transaction)
    {
        if (!transaction.IsTransactional) return;
        unconfirmed[transaction] = true;
        committer!.Enqueue(transaction);
    }

    /// <inheritdoc />
    protected override void Abort(KafkaTransaction transaction)
    {
        if (!transaction.IsBound || !transaction.IsTransactional || !TransactionalProducer.TryFind(transaction.TransactionalId, out var producer)) return;
        AbortIfCurrent(producer, transaction.Sequence);
    }

    /// <summary>Commits a transaction the restored checkpoint lists, if this process still has its producer (see the remarks on recovery in docs).</summary>
    protected override void RecoverAndCommit(KafkaTransaction transaction)
    {
        if (!transaction.IsTransactional) return;
        if (!TransactionalProducer.TryFind(transaction.TransactionalId, out var producer))
        {
            if (TransactionalProducer.IsCommitted(transaction.TransactionalId, transaction.Sequence)) return;
            // Committed when its checkpoint completed, unless the process stopped between completion and commit;
            // librdkafka cannot resume another process's transaction (it has no resumeTransaction), so this is all that can be said.
            Logger.LogWarning("Kafka sink {Operator}: transaction {Transaction} of the restored checkpoint has no producer in this process; it was committed when its checkpoint completed, unless the previous process stopped before committing it",
                RuntimeContext.OperatorUid, transaction);
            return;
        }
        CommitNow(producer, transaction.Sequence);
    }

    private string TransactionalId(int subtask, int slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{subtask}-{slot}");

    private TransactionalProducer Slot(KafkaTransaction transaction) =>
        TransactionalProducer.TryFind(transaction.TransactionalId, out var producer)
            ? producer
            : throw new InvalidOperationException($"Kafka sink {RuntimeContext.OperatorUid} has no producer for transaction {transaction}.");

    /// <summary>Makes <paramref name="transactionalId"/> ready for a new transaction: whatever the failed attempt left open or pre-committed (and the restore did not commit) is aborted.</summary>
    private TransactionalProducer? Fence(string transactionalId, ProducerConfig config, bool keep)
    {
        var producer = TransactionalProducer.Initialize(transactionalId, config, options.TransactionTimeout);
        TransactionPhase phase;
        lock (producer.Gate) phase = producer.Phase;
        if (phase != TransactionPhase.Ready) AbortIfCurrent(producer, producer.Sequence);
        if (keep) return producer;
        producer.Dispose();
        return null;
    }

    private void AbortIfCurrent(TransactionalProducer producer, long number)
    {
        lock (producer.Gate)
        {
            if (producer.Sequence != number || producer.Phase == TransactionPhase.Ready) return;
            producer.Producer.AbortTransaction(options.TransactionTimeout);
            producer.Phase = TransactionPhase.Ready;
            Monitor.PulseAll(producer.Gate);
        }
        KafkaMetrics.TransactionsAborted.Add(1);
        Logger.LogInformation("Kafka sink {Operator} aborted transaction {Id}:{Sequence}", RuntimeContext.OperatorUid, producer.TransactionalId, number);
        options.TransactionAborted?.Invoke(producer.TransactionalId, number);
    }

    /// <summary>Commits transaction <paramref name="number"/> of <paramref name="producer"/>; a transaction already committed is left alone.</summary>
    private void CommitNow(TransactionalProducer producer, long number)
    {
        lock (producer.Gate)
        {
            if (producer.LastCommitted >= number) return;
            if (producer.Sequence != number || producer.Phase != TransactionPhase.Prepared)
                throw new InvalidOperationException($"Kafka transaction {producer.TransactionalId}:{number} cannot be committed: the producer is at transaction {producer.Sequence} ({producer.Phase}).");
            producer.Producer.CommitTransaction(options.TransactionTimeout);
            producer.LastCommitted = number;
            producer.Phase = TransactionPhase.Ready;
            Monitor.PulseAll(producer.Gate);
        }
        KafkaMetrics.TransactionsCommitted.Add(1);
        options.TransactionCommitted?.Invoke(producer.TransactionalId, number);
    }

    private void Flush((IProducer<byte[], byte[]> Producer, Deliveries Deliveries)[] flushing)
    {
        foreach (var (producer, deliveries) in flushing)
        {
            var left = producer.Flush(options.TransactionTimeout);
            if (left > 0) throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{left} records of Kafka sink {RuntimeContext.OperatorUid} were not acknowledged in time."));
            // Flush returns once the client holds no record, delivered or given up on: only the reports tell which.
            deliveries.Confirm(options.TransactionTimeout, $"Kafka sink {RuntimeContext.OperatorUid}");
        }
        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (failure is { } error) throw new KafkaException(new Error(ErrorCode.Local_Fail, $"Kafka sink {RuntimeContext.OperatorUid} failed: {error.Message}"), error);
    }

    private ProducerConfig ProducerConfig()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            // The delivery handler reads only the error; the client need not copy keys, values and headers back.
            DeliveryReportFields = "none",
            TransactionTimeoutMs = (int)options.TransactionTimeout.TotalMilliseconds,
        };
        foreach (var (key, value) in options.ProducerConfig) config.Set(key, value);
        return config;
    }

    /// <summary>Commits transactions in order on its own thread, outside every checkpoint lock; a failure fails the sink.</summary>
    private sealed class Committer : IDisposable
    {
        private readonly KafkaSink<T> sink;
        private readonly BlockingCollection<KafkaTransaction> queue = [];
        private readonly Thread thread;

        public Committer(KafkaSink<T> sink)
        {
            this.sink = sink;
            thread = new Thread(Run) { IsBackground = true, Name = $"Kafka committer {sink.RuntimeContext.OperatorUid} {sink.RuntimeContext.SubtaskIndex}" };
            thread.Start();
        }

        public void Enqueue(KafkaTransaction transaction) => queue.Add(transaction);

        public void Dispose()
        {
            queue.CompleteAdding();
            thread.Join();
            queue.Dispose();
        }

        private void Run()
        {
            // Every transaction queued here belongs to a completed checkpoint: a failure elsewhere is no reason to skip it.
            foreach (var transaction in queue.GetConsumingEnumerable())
            {
                try
                {
                    sink.BeforeCommit?.Invoke(transaction);
                    sink.CommitNow(sink.Slot(transaction), transaction.Sequence);
                    sink.unconfirmed.TryRemove(transaction, out _);
                }
                catch (Exception e)
                {
                    sink.failure = e;
                    sink.Logger.LogError(e, "Kafka sink {Operator} could not commit transaction {Transaction}", sink.RuntimeContext.OperatorUid, transaction);
                }
            }
        }
    }
}
