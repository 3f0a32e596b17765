using System.Diagnostics;
using Checkpointing.Serialization;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Writes records into a PostgreSQL table, exactly once (two-phase commit), as upserts, or at least once; see
/// <see cref="PostgreSqlSinkMode"/>. Records are buffered into batches (by count and by age) that a background
/// connection sends, so <see cref="Invoke(PostgreSqlTransaction, T)"/> makes no round trip under the checkpoint lock:
/// at a checkpoint the buffer is sealed under the lock and the snapshot's asynchronous part waits for the server to
/// have it (prepared, or committed). Records are kept by reference until their batch is sent: do not mutate them.
/// </summary>
public sealed class PostgreSqlSink<T> : TwoPhaseCommitSinkFunction<T, PostgreSqlTransaction>
{
    private static readonly ListStateDescriptor<PostgreSqlTransaction> Unresolved =
        new("$postgresql.unresolved", Redistribution.Union, new PostgreSqlTransactionFormatter(), "PostgreSqlTransaction");

    private readonly PostgreSqlSinkOptions<T> options;
    private readonly RowWriter<T> rows;
    private readonly Lock bufferGate = new();
    private NpgsqlDataSource? dataSource;
    private PreparedTransactions? transactions;
    private BatchPipeline<T>? pipeline;
    private CommitQueue? commits;
    private Timer? ageTimer;
    private T[] buffer;
    private int buffered;
    private long bufferStarted;
    private long sealingCheckpoint;
    // Transactions not confirmed committed at the restored checkpoint, from every old subtask (union state).
    private PostgreSqlTransaction[] listed = [];

    static PostgreSqlSink()
    {
        if (!CheckpointFormatters.IsRegistered<PostgreSqlTransaction>()) CheckpointFormatters.Register(new PostgreSqlTransactionFormatter());
    }

    /// <summary>A sink as <paramref name="options"/> describe it; nothing connects before the job opens it.</summary>
    public PostgreSqlSink(PostgreSqlSinkOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        rows = new RowWriter<T>(options);
        buffer = new T[options.BatchSize];
    }

    /// <summary>Fault injection for tests: runs before each COMMIT PREPARED with the gid.</summary>
    internal Action<string>? BeforeCommitPrepared { get; init; }

    /// <summary>Fault injection for tests: runs after each COMMIT PREPARED, before the commit is confirmed to the sink.</summary>
    internal Action<string>? AfterCommitPrepared { get; init; }

    private bool ExactlyOnce => options.Mode == PostgreSqlSinkMode.ExactlyOnce;

    private NpgsqlDataSource DataSource => dataSource ??= NpgsqlDataSource.Create(options.ConnectionString);

    private PreparedTransactions Transactions => transactions ??= new PreparedTransactions(DataSource,
        new TransactionIds(RuntimeContext.JobName, RuntimeContext.OperatorUid, RuntimeContext.SubtaskIndex),
        new CommitLog(options.Schema, options.CommitLogTable, options.CommitLogRetention), RuntimeContext.Logger, options.CommitRetries, options.CommitRetryDelay);

    /// <summary>Checks the server, recovers prepared transactions, and starts the writer and the commit queue.</summary>
    public override void Open()
    {
        if (ExactlyOnce)
        {
            Transactions.CheckServer(SqlNames.Table(options.Schema, options.Table));
            // Every subtask restores before any opens, and none prepares before all are open, so recovery here sees
            // only earlier attempts' transactions. A fresh start lists none: all of this operator's are orphans. In
            // Open rather than RestoreState, a server that is briefly unreachable fails the attempt, which restarts.
            Transactions.Recover(listed, RuntimeContext.Parallelism);
            listed = [];
            commits = new CommitQueue(Transactions, BeforeCommitPrepared, AfterCommitPrepared);
        }
        pipeline = new BatchPipeline<T>(DataSource, rows, ExactlyOnce ? Transactions : null, options.MaxBatchesInFlight,
            $"{RuntimeContext.JobName}: {RuntimeContext.OperatorUid} writer ({RuntimeContext.SubtaskIndex + 1}/{RuntimeContext.Parallelism})");
        ageTimer = new Timer(_ => SealIfOld(), null, options.BatchInterval, options.BatchInterval);
        base.Open();
    }

    /// <inheritdoc />
    protected override PostgreSqlTransaction BeginTransaction() => new();

    /// <inheritdoc />
    protected override void Invoke(PostgreSqlTransaction transaction, T value)
    {
        lock (bufferGate)
        {
            if (buffered == 0)
            {
                ThrowIfFailed();
                bufferStarted = Stopwatch.GetTimestamp();
            }
            buffer[buffered++] = value;
            transaction.Rows++;
            if (buffered == buffer.Length) SealBuffer();
        }
    }

    /// <summary>
    /// Under the lock: seals the buffer and queues the PREPARE (or a flush); outside it, in the asynchronous part, waits
    /// for the server. Exactly-once also stores every transaction not yet confirmed committed, as union state: each
    /// subtask of a restore then knows every gid that must not be rolled back.
    /// </summary>
    public override void SnapshotState(ISnapshotContext context)
    {
        ThrowIfFailed();
        sealingCheckpoint = context.CheckpointId;
        base.SnapshotState(context);
        var sealedTransaction = PendingTransactions[^1].Transaction;
        if (ExactlyOnce)
            context.AddRange(Unresolved, PendingTransactions.Select(p => p.Transaction).Concat(commits!.Unconfirmed).Where(t => t.Rows > 0).DistinctBy(t => t.Gid));
        var written = sealedTransaction.Prepared;
        context.AddAsyncPart(_ => written);
    }

    /// <inheritdoc />
    protected override void PreCommit(PostgreSqlTransaction transaction)
    {
        lock (bufferGate)
        {
            SealBuffer();
            transaction.CheckpointId = sealingCheckpoint;
            if (ExactlyOnce)
            {
                transaction.Gid = Transactions.Ids.For(sealingCheckpoint);
                transaction.Prepared = pipeline!.Prepare(transaction);
            }
            else
            {
                transaction.Prepared = pipeline!.Flush();
            }
        }
    }

    /// <summary>Queues the COMMIT PREPARED; the round trip happens on the commit task, not under the lock.</summary>
    protected override void Commit(PostgreSqlTransaction transaction)
    {
        if (!ExactlyOnce || transaction.Rows == 0) return;
        if (transaction.Prepared.IsFaulted)
            throw new PostgreSqlCommitException(transaction.Gid, $"Transaction '{transaction.Gid}' of checkpoint {transaction.CheckpointId} was never prepared: {transaction.Prepared.Exception!.InnerException!.Message}", transaction.Prepared.Exception);
        ThrowIfFailed();
        commits!.Enqueue(transaction);
    }

    /// <summary>Nothing to do at the server: an unprepared transaction dies with its connection.</summary>
    protected override void Abort(PostgreSqlTransaction transaction) { }

    /// <summary>Recovery runs on the union of unresolved transactions instead (<see cref="Open"/>).</summary>
    protected override void RecoverAndCommit(PostgreSqlTransaction transaction) { }

    /// <summary>A transaction open at the checkpoint was never prepared; recovery rolls back any leftover.</summary>
    protected override void RecoverAndAbort(PostgreSqlTransaction transaction) { }

    /// <summary>Takes the transactions the checkpoint lists; <see cref="Open"/> commits them and rolls back the rest.</summary>
    public override void RestoreState(IRestoreContext context)
    {
        base.RestoreState(context);
        listed = [.. context.Get(Unresolved)];
    }

    /// <summary>
    /// Waits for queued commits (so a finished job's rows are visible when it returns), then closes the connections.
    /// Throws when a completed checkpoint's transaction is left prepared: after the job's sources finished, that fails
    /// the attempt, and the restart's restore of the final checkpoint commits it.
    /// </summary>
    public override void Close()
    {
        PostgreSqlTransaction[] left = [];
        try
        {
            base.Close();
            ageTimer?.Dispose();
            if (commits is not null)
            {
                commits.DisposeAsync().AsTask().GetAwaiter().GetResult();
                left = [.. commits.Unconfirmed.Where(t => t.Rows > 0)];
            }
        }
        finally
        {
            pipeline?.Dispose();
            dataSource?.Dispose();
        }
        if (left.Length > 0)
            throw new IOException(
                $"PostgreSQL sink '{RuntimeContext.OperatorUid}' closed with {left.Length} prepared transaction(s) of completed checkpoints not committed " +
                $"({string.Join(", ", left.Select(t => t.Gid))}): {commits!.Failure?.Message ?? "the commits did not finish in time"}", commits.Failure);
    }

    private void SealIfOld()
    {
        lock (bufferGate)
        {
            if (buffered > 0 && Stopwatch.GetElapsedTime(bufferStarted) >= options.BatchInterval) SealBuffer();
        }
    }

    private void SealBuffer()
    {
        if (buffered == 0) return;
        var batch = buffer;
        var count = buffered;
        buffer = new T[options.BatchSize];
        buffered = 0;
        pipeline!.Send(batch, count);
    }

    private void ThrowIfFailed()
    {
        if (pipeline?.Failure is { } write)
            throw new IOException($"Writing into PostgreSQL table '{options.Table}' failed: {write.Message}", write);
        // A commit failure keeps its type and gid, so the job's error names the transaction.
        if (commits?.Failure is { } commit)
            throw commit is PostgreSqlCommitException known ? new PostgreSqlCommitException(known.Gid, known.Message, known) : new IOException($"Committing into PostgreSQL table '{options.Table}' failed: {commit.Message}", commit);
    }
}
