using System.Threading.Channels;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Commits prepared transactions in the background, oldest first, so <c>NotifyCheckpointComplete</c> (called under
/// the checkpoint lock) only queues them. A transaction stays in <see cref="Unconfirmed"/> until its commit is
/// confirmed, so checkpoints taken meanwhile still list it and a restore commits it if this queue never did.
/// </summary>
internal sealed class CommitQueue : IAsyncDisposable
{
    private readonly Channel<PostgreSqlTransaction> queue = Channel.CreateUnbounded<PostgreSqlTransaction>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PreparedTransactions transactions;
    private readonly Lock gate = new();
    private readonly List<PostgreSqlTransaction> unconfirmed = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task worker;
    private readonly Action<string>? beforeCommit;
    private readonly Action<string>? afterCommit;
    private Exception? failure;

    /// <summary><paramref name="beforeCommit"/> and <paramref name="afterCommit"/> are fault-injection points for tests (null otherwise).</summary>
    public CommitQueue(PreparedTransactions transactions, Action<string>? beforeCommit, Action<string>? afterCommit)
    {
        this.transactions = transactions;
        this.beforeCommit = beforeCommit;
        this.afterCommit = afterCommit;
        worker = Task.Run(RunAsync);
    }

    /// <summary>The first commit that failed for good; the sink rethrows it.</summary>
    public Exception? Failure => Volatile.Read(ref failure);

    /// <summary>Queued or running commits, not yet confirmed.</summary>
    public PostgreSqlTransaction[] Unconfirmed
    {
        get
        {
            lock (gate) return [.. unconfirmed];
        }
    }

    public void Enqueue(PostgreSqlTransaction transaction)
    {
        lock (gate) unconfirmed.Add(transaction);
        queue.Writer.TryWrite(transaction);
    }

    private async Task RunAsync()
    {
        await foreach (var transaction in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Failure is not null) continue; // Stays unconfirmed: the restore after the failure commits it.
            try
            {
                beforeCommit?.Invoke(transaction.Gid);
                await transactions.CommitAsync(transaction, stopping.Token).ConfigureAwait(false);
                afterCommit?.Invoke(transaction.Gid);
                lock (gate) unconfirmed.Remove(transaction);
            }
            catch (Exception e)
            {
                Volatile.Write(ref failure, e);
            }
        }
    }

    /// <summary>Lets queued commits finish within <paramref name="timeout"/>; what is left stays prepared for the next restore.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        queue.Writer.TryComplete();
        if (await Task.WhenAny(worker, Task.Delay(timeout)).ConfigureAwait(false) != worker) await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DrainAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        stopping.Dispose();
    }
}
