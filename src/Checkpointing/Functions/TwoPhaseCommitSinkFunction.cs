using Checkpointing.Serialization;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing;

/// <summary>
/// Base for exactly-once sinks (Flink's <c>TwoPhaseCommitSinkFunction</c>). Records go into the current transaction;
/// at each checkpoint it is pre-committed and a new one begins; when the checkpoint completes, every pre-committed
/// transaction up to it is committed. Pending transactions are part of the checkpoint, so after a restore they are
/// committed again: <see cref="Commit"/> must be idempotent. <typeparamref name="TTransaction"/> is stored with MessagePack.
/// </summary>
public abstract class TwoPhaseCommitSinkFunction<T, TTransaction> : RichSinkFunction<T>, ICheckpointedFunction, ICheckpointListener
{
    private const string PendingStateName = "$2pc.pending";
    private const string CurrentStateName = "$2pc.current";

    private readonly List<PendingTransaction<TTransaction>> pending = [];
    private TTransaction current = default!;
    private bool hasCurrent;

    /// <summary>Starts a transaction that records will be written into.</summary>
    protected abstract TTransaction BeginTransaction();

    /// <summary>Writes one record into <paramref name="transaction"/>.</summary>
    protected abstract void Invoke(TTransaction transaction, T value);

    /// <summary>Makes the transaction ready to commit (flush, fsync); called at the checkpoint, under the lock.</summary>
    protected abstract void PreCommit(TTransaction transaction);

    /// <summary>Makes a pre-committed transaction visible. Must be idempotent: after a restore it may run again.</summary>
    protected abstract void Commit(TTransaction transaction);

    /// <summary>Discards a transaction that will never be committed.</summary>
    protected abstract void Abort(TTransaction transaction);

    /// <summary>
    /// Commits a transaction found pending in restored state: the only way a restored transaction reaches the sink,
    /// so a sink can log or count recovered commits apart from new ones. Default: <see cref="Commit"/>. When it
    /// throws, <see cref="OnRecoveredCommitFailed"/> decides what follows.
    /// </summary>
    protected virtual void RecoverAndCommit(TTransaction transaction) => Commit(transaction);

    /// <summary>
    /// Decides what a failed <see cref="RecoverAndCommit"/> means (Flink's FLINK-7784: a transaction that expired
    /// while the job was down can never be committed). Default: <see cref="RecoveredCommitFailure.Retry"/> — tried
    /// again with backoff as <see cref="RecoveredCommitRetry"/> says, then the job fails naming the transaction.
    /// Return <see cref="RecoveredCommitFailure.Skip"/> when the sink knows the transaction can no longer be
    /// committed: it is reported (an error log line and the <c>checkpointing.transactions.skipped</c> metric) and dropped.
    /// </summary>
    /// <param name="transaction">The restored transaction whose commit threw.</param>
    /// <param name="error">What it threw.</param>
    /// <param name="attempt">1 for the first failure, then 2, 3, …</param>
    protected virtual RecoveredCommitFailure OnRecoveredCommitFailed(TTransaction transaction, Exception error, int attempt) => RecoveredCommitFailure.Retry;

    /// <summary>How often and how patiently a failed <see cref="RecoverAndCommit"/> is retried. Default: <see cref="CommitRetry.Default"/>.</summary>
    protected virtual CommitRetry RecoveredCommitRetry => CommitRetry.Default;

    /// <summary>Aborts a transaction that was open at the restored checkpoint. Default: <see cref="Abort"/>.</summary>
    protected virtual void RecoverAndAbort(TTransaction transaction) => Abort(transaction);

    /// <summary>The transaction records currently go into.</summary>
    protected TTransaction CurrentTransaction => hasCurrent ? current : throw new InvalidOperationException("No transaction is open; the sink was not opened.");

    /// <summary>Transactions pre-committed and waiting for their checkpoint to complete, oldest first.</summary>
    protected IReadOnlyList<PendingTransaction<TTransaction>> PendingTransactions => pending;

    /// <inheritdoc />
    public sealed override void Invoke(T value) => Invoke(CurrentTransaction, value);

    /// <inheritdoc />
    public override void Open()
    {
        base.Open();
        if (!hasCurrent) StartNew();
    }

    /// <summary>Aborts the open transaction: it belongs to no checkpoint.</summary>
    public override void Close()
    {
        if (hasCurrent)
        {
            hasCurrent = false;
            Abort(current);
        }
        base.Close();
    }

    /// <inheritdoc />
    public virtual void SnapshotState(ISnapshotContext context)
    {
        var transaction = CurrentTransaction;
        PreCommit(transaction);
        pending.Add(new PendingTransaction<TTransaction>(context.CheckpointId, transaction));
        StartNew();
        context.AddRange(States.Pending, pending);
        context.Add(States.Current, current);
    }

    /// <inheritdoc />
    public virtual void RestoreState(IRestoreContext context)
    {
        // Everything pre-committed in the restored checkpoint is committed (again); what was open then is aborted.
        foreach (var transaction in context.Get(States.Pending).OrderBy(p => p.CheckpointId)) CommitRestored(transaction);
        foreach (var transaction in context.Get(States.Current)) RecoverAndAbort(transaction);
        pending.Clear();
        StartNew();
    }

    /// <inheritdoc />
    public virtual void NotifyCheckpointComplete(long checkpointId)
    {
        // A later id subsumes earlier ones: commit everything pre-committed up to it, oldest first.
        var committed = 0;
        foreach (var transaction in pending)
        {
            if (transaction.CheckpointId > checkpointId) break;
            Commit(transaction.Transaction);
            committed++;
        }
        pending.RemoveRange(0, committed);
    }

    /// <inheritdoc />
    public virtual void NotifyCheckpointAborted(long checkpointId)
    {
        // Pending transactions stay pending: the next completed checkpoint commits them.
    }

    /// <summary>
    /// Commits a restored transaction through <see cref="RecoverAndCommit"/>, retried as <see cref="OnRecoveredCommitFailed"/>
    /// and <see cref="RecoveredCommitRetry"/> say. The base class calls it for the pending transactions it stores; a sink
    /// that keeps transactions of its own in state (ones handed to a background committer, not yet confirmed) calls it
    /// for those from its <see cref="RestoreState"/>. Call it only while restoring: it runs before Open and without the
    /// checkpoint lock, so waiting between attempts holds nothing up but this subtask.
    /// </summary>
    protected void CommitRestored(PendingTransaction<TTransaction> pendingTransaction)
    {
        var retry = RecoveredCommitRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                RecoverAndCommit(pendingTransaction.Transaction);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var what = $"transaction {pendingTransaction.Transaction} of checkpoint {pendingTransaction.CheckpointId} (sink '{RuntimeContext.OperatorUid}', subtask {RuntimeContext.SubtaskIndex} of job '{RuntimeContext.JobName}')";
                var decision = OnRecoveredCommitFailed(pendingTransaction.Transaction, e, attempt);
                if (decision == RecoveredCommitFailure.Skip)
                {
                    RuntimeContext.Logger.RestoredTransactionSkipped(e, what);
                    CheckpointingMetrics.TransactionsSkipped.Add(1, CheckpointingMetrics.Job(RuntimeContext.JobName));
                    return;
                }
                if (decision == RecoveredCommitFailure.Fail || attempt >= retry.Attempts)
                    throw new InvalidOperationException($"Could not commit restored {what} after {attempt} attempt(s): {e.Message}", e);
                var delay = retry.DelayBefore(attempt + 1);
                RuntimeContext.Logger.RestoredCommitRetrying(e, what, attempt, retry.Attempts, delay);
                Thread.Sleep(delay);
            }
        }
    }

    private void StartNew()
    {
        current = BeginTransaction();
        hasCurrent = true;
    }

    private static class States
    {
        public static readonly ListStateDescriptor<PendingTransaction<TTransaction>> Pending =
            new(PendingStateName, Redistribution.EvenSplit, new PendingTransactionFormatter<TTransaction>(CheckpointFormatters.Get<TTransaction>()),
                $"PendingTransaction<{TypeNames.Of<TTransaction>()}>");

        public static readonly ListStateDescriptor<TTransaction> Current = new(CurrentStateName);
    }
}

/// <summary>A pre-committed transaction and the checkpoint that will commit it.</summary>
public readonly record struct PendingTransaction<TTransaction>(long CheckpointId, TTransaction Transaction);

/// <summary>Stores a <see cref="PendingTransaction{TTransaction}"/> as <c>[checkpointId, transaction]</c>.</summary>
internal sealed class PendingTransactionFormatter<TTransaction>(IMessagePackFormatter<TTransaction> transaction) : IMessagePackFormatter<PendingTransaction<TTransaction>>
{
    public void Serialize(ref MessagePackWriter writer, PendingTransaction<TTransaction> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.CheckpointId);
        transaction.Serialize(ref writer, value.Transaction, options);
    }

    public PendingTransaction<TTransaction> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2) throw new MessagePackSerializationException($"A pending transaction needs 2 elements, found {count}.");
        var id = reader.ReadInt64();
        var value = transaction.Deserialize(ref reader, options);
        for (var i = 2; i < count; i++) reader.Skip();
        return new PendingTransaction<TTransaction>(id, value);
    }
}
