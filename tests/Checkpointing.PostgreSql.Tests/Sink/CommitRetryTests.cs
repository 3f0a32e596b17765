using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Checkpointing.PostgreSql.Tests;

public class CommitRetryTests
{
    [Fact]
    public async Task A_commit_that_cannot_reach_the_server_is_retried_then_fails_naming_the_gid()
    {
        // A loopback port nothing listens on: every attempt fails with a connection error, which is transient.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Timeout=2;Pooling=false");
        var ids = new TransactionIds("job", "sink", 0);
        var transactions = new PreparedTransactions(dataSource, ids, new CommitLog(null, "log", 10), NullLogger.Instance, retries: 2, retryDelay: TimeSpan.FromMilliseconds(10));
        var transaction = new PostgreSqlTransaction { Gid = ids.For(7), CheckpointId = 7, Rows = 42 };

        var error = await Assert.ThrowsAsync<PostgreSqlCommitException>(() => transactions.CommitAsync(transaction, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(transaction.Gid, error.Gid);
        Assert.Contains($"'{transaction.Gid}' (42 rows of checkpoint 7) after 3 attempts", error.Message);
        Assert.Contains("stays prepared", error.Message);
    }

    [Fact]
    public void Gids_name_job_operator_subtask_and_checkpoint_and_stay_safe_for_any_name()
    {
        var plain = new TransactionIds("orders-job", "pg-sink", 3);
        Assert.Matches(@"^ckpt:orders-job:pg-sink:3:12:[0-9a-f]{8}$", plain.For(12));
        Assert.True(plain.TryParseSubtask(plain.For(12), out var subtask));
        Assert.Equal(3, subtask);

        var hostile = new TransactionIds("job'; ROLLBACK PREPARED 'x", new string('u', 500), 1);
        var gid = hostile.For(long.MaxValue);
        Assert.True(gid.Length < 200, $"{gid.Length} characters");
        Assert.DoesNotContain("'", gid);
        Assert.NotEqual(new TransactionIds("job'; ROLLBACK PREPARED 'y", new string('u', 500), 1).Prefix, hostile.Prefix);
    }
}
