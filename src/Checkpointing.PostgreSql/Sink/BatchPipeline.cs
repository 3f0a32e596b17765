using System.Collections.Concurrent;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// The one connection a sink subtask writes on, driven by its own thread so no round trip happens on the thread that
/// holds the checkpoint lock. Work runs in the order it was queued: batches, then (exactly-once) the PREPARE of the
/// transaction they belong to, then the next transaction's batches. A failure is kept and rethrown to the sink, which
/// then fails the job; queued work after it is not run. The thread makes synchronous calls: it has nothing else to
/// do meanwhile, and an await per COPY row measured slower than the rows themselves.
/// </summary>
internal sealed class BatchPipeline<T> : IDisposable
{
    private readonly BlockingCollection<Work> queue = [];
    private readonly NpgsqlDataSource dataSource;
    private readonly RowWriter<T> rows;
    private readonly PreparedTransactions? transactions;
    private readonly SemaphoreSlim room;
    private readonly Thread worker;
    private NpgsqlConnection? connection;
    private bool inTransaction;
    private Exception? failure;

    /// <summary><paramref name="transactions"/> is null for the modes that commit each batch as it is written.</summary>
    public BatchPipeline(NpgsqlDataSource dataSource, RowWriter<T> rows, PreparedTransactions? transactions, int maxBatchesInFlight, string name)
    {
        this.dataSource = dataSource;
        this.rows = rows;
        this.transactions = transactions;
        room = new SemaphoreSlim(maxBatchesInFlight, maxBatchesInFlight);
        worker = new Thread(Run) { IsBackground = true, Name = name };
        worker.Start();
    }

    /// <summary>The first error the connection met; the sink rethrows it.</summary>
    public Exception? Failure => Volatile.Read(ref failure);

    /// <summary>Queues a sealed batch; waits while <c>maxBatchesInFlight</c> batches are not yet written (backpressure).</summary>
    public void Send(T[] batch, int count)
    {
        room.Wait();
        queue.Add(new Work(batch, count, null, null));
    }

    /// <summary>Queues the PREPARE of <paramref name="transaction"/> after its batches; the task ends when the server has it.</summary>
    public Task Prepare(PostgreSqlTransaction transaction) => Enqueue(transaction);

    /// <summary>A task that ends when everything queued so far is written (and, without transactions, committed).</summary>
    public Task Flush() => Enqueue(null);

    private Task Enqueue(PostgreSqlTransaction? transaction)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add(new Work(null, 0, transaction, done));
        return done.Task;
    }

    private void Run()
    {
        foreach (var work in queue.GetConsumingEnumerable())
        {
            if (Failure is { } failed)
            {
                Finish(work, failed);
                continue;
            }
            try
            {
                connection ??= dataSource.OpenConnection();
                if (work.Batch is { } batch) Write(connection, batch, work.Count);
                else if (work.Transaction is { Rows: > 0 } transaction) Prepare(connection, transaction);
                Finish(work, null);
            }
            catch (Exception e)
            {
                Volatile.Write(ref failure, e);
                Finish(work, e);
                DropConnection();
            }
        }
        DropConnection();
    }

    private void Write(NpgsqlConnection open, T[] batch, int count)
    {
        if (transactions is not null && !inTransaction)
        {
            using (var begin = new NpgsqlCommand("BEGIN", open)) begin.ExecuteNonQuery();
            inTransaction = true;
        }
        rows.Write(open, batch, count);
    }

    private void Prepare(NpgsqlConnection open, PostgreSqlTransaction transaction)
    {
        if (!inTransaction) throw new InvalidOperationException($"Transaction {transaction.Gid} holds {transaction.Rows} rows but none was written on its connection.");
        transactions!.Prepare(open, transaction);
        inTransaction = false;
    }

    private void Finish(Work work, Exception? error)
    {
        if (work.Batch is not null) room.Release();
        if (work.Done is null) return;
        if (error is null) work.Done.TrySetResult();
        else work.Done.TrySetException(error);
    }

    private void DropConnection()
    {
        if (connection is null) return;
        // Closing the session rolls back a transaction that was begun and not prepared.
        connection.Dispose();
        connection = null;
        inTransaction = false;
    }

    /// <summary>
    /// Runs what is queued and closes the connection (an open, unprepared transaction is rolled back). A thread still
    /// busy after <paramref name="timeout"/> is left to end on its own: its connection has command timeouts.
    /// </summary>
    public void Stop(TimeSpan timeout)
    {
        queue.CompleteAdding();
        worker.Join(timeout);
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(30));
        if (!worker.IsAlive)
        {
            queue.Dispose();
            room.Dispose();
        }
    }

    /// <summary>A batch to write, or (Batch null) a PREPARE of Transaction or a flush, signalled through Done.</summary>
    private readonly record struct Work(T[]? Batch, int Count, PostgreSqlTransaction? Transaction, TaskCompletionSource? Done);
}
