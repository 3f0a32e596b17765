using System.Threading.Channels;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// The one connection a sink subtask writes on, driven by its own task so no round trip happens on the thread that
/// holds the checkpoint lock. Work runs in the order it was queued: batches, then (exactly-once) the PREPARE of the
/// transaction they belong to, then the next transaction's batches. A failure is kept and rethrown to the sink, which
/// then fails the job; queued work after it is not run.
/// </summary>
internal sealed class BatchPipeline<T> : IAsyncDisposable
{
    private readonly Channel<Work> queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource dataSource;
    private readonly RowWriter<T> rows;
    private readonly PreparedTransactions? transactions;
    private readonly SemaphoreSlim room;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task worker;
    private NpgsqlConnection? connection;
    private bool inTransaction;
    private Exception? failure;

    /// <summary><paramref name="transactions"/> is null for the modes that commit each batch as it is written.</summary>
    public BatchPipeline(NpgsqlDataSource dataSource, RowWriter<T> rows, PreparedTransactions? transactions, int maxBatchesInFlight)
    {
        this.dataSource = dataSource;
        this.rows = rows;
        this.transactions = transactions;
        room = new SemaphoreSlim(maxBatchesInFlight, maxBatchesInFlight);
        worker = Task.Run(RunAsync);
    }

    /// <summary>The first error the connection met; the sink rethrows it.</summary>
    public Exception? Failure => Volatile.Read(ref failure);

    /// <summary>Queues a sealed batch; waits while <c>maxBatchesInFlight</c> batches are not yet written (backpressure).</summary>
    public void Send(T[] batch, int count)
    {
        room.Wait();
        queue.Writer.TryWrite(new Work(batch, count, null, null));
    }

    /// <summary>Queues the PREPARE of <paramref name="transaction"/> after its batches; the task ends when the server has it.</summary>
    public Task Prepare(PostgreSqlTransaction transaction) => Enqueue(transaction);

    /// <summary>A task that ends when everything queued so far is written (and, without transactions, committed).</summary>
    public Task Flush() => Enqueue(null);

    private Task Enqueue(PostgreSqlTransaction? transaction)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Writer.TryWrite(new Work(null, 0, transaction, done));
        return done.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var work in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Failure is { } failed)
            {
                Finish(work, failed);
                continue;
            }
            try
            {
                connection ??= await dataSource.OpenConnectionAsync(stopping.Token).ConfigureAwait(false);
                if (work.Batch is { } batch) await WriteAsync(connection, batch, work.Count).ConfigureAwait(false);
                else if (work.Transaction is { Rows: > 0 } transaction) await PrepareAsync(connection, transaction).ConfigureAwait(false);
                Finish(work, null);
            }
            catch (Exception e)
            {
                Volatile.Write(ref failure, e);
                Finish(work, e);
                await DropConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task WriteAsync(NpgsqlConnection open, T[] batch, int count)
    {
        if (transactions is not null && !inTransaction)
        {
            await using (var begin = new NpgsqlCommand("BEGIN", open)) await begin.ExecuteNonQueryAsync(stopping.Token).ConfigureAwait(false);
            inTransaction = true;
        }
        await rows.WriteAsync(open, batch, count, stopping.Token).ConfigureAwait(false);
    }

    private async Task PrepareAsync(NpgsqlConnection open, PostgreSqlTransaction transaction)
    {
        if (!inTransaction) throw new InvalidOperationException($"Transaction {transaction.Gid} holds {transaction.Rows} rows but none was written on its connection.");
        await transactions!.PrepareAsync(open, transaction, stopping.Token).ConfigureAwait(false);
        inTransaction = false;
    }

    private void Finish(Work work, Exception? error)
    {
        if (work.Batch is not null) room.Release();
        if (work.Done is null) return;
        if (error is null) work.Done.TrySetResult();
        else work.Done.TrySetException(error);
    }

    private async Task DropConnectionAsync()
    {
        if (connection is null) return;
        // Closing the session rolls back a transaction that was begun and not prepared.
        await connection.DisposeAsync().ConfigureAwait(false);
        connection = null;
        inTransaction = false;
    }

    /// <summary>Stops after what is queued, within <paramref name="timeout"/>, and closes the connection (an open, unprepared transaction is rolled back).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        queue.Writer.TryComplete();
        if (await Task.WhenAny(worker, Task.Delay(timeout)).ConfigureAwait(false) != worker) await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(worker, Task.Delay(timeout)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await DropConnectionAsync().ConfigureAwait(false);
        stopping.Dispose();
        room.Dispose();
    }

    /// <summary>A batch to write, or (Batch null) a PREPARE of Transaction or a flush, signalled through Done.</summary>
    private readonly record struct Work(T[]? Batch, int Count, PostgreSqlTransaction? Transaction, TaskCompletionSource? Done);
}
