using Npgsql;

namespace Checkpointing.PostgreSql.Tests;

/// <summary>Prepared transactions no completed checkpoint lists are rolled back, and only this operator's.</summary>
[Collection(PostgreSqlCollection.Name)]
public class RecoveryTests(PostgreSqlFixture db)
{
    private readonly ExactlyOnceSinkTests jobs = new(db);

    [Fact]
    public async Task A_fresh_start_rolls_back_the_operators_orphans_and_leaves_other_jobs_alone()
    {
        var table = await db.CreateTableAsync("orphan", "id bigint NOT NULL, partition integer NOT NULL");
        var job = $"orphan-{table}";
        await PrepareAsync(table, $"ckpt:{job}:sink:5:3:0000dead", -1);
        await PrepareAsync(table, $"ckpt:other-{job}:sink:0:3:0000beef", -2);
        try
        {
            var env = ExactlyOnceSinkTests.Environment(2, restarts: 0);
            env.AddSource(() => new SequenceSource(2, 200, TimeSpan.Zero)).Uid("source").AddSink(() => jobs.Sink(table)).Uid("sink");

            var result = await env.ExecuteAsync(job).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(JobStatus.Finished, result.Status);
            Assert.Empty(await db.PreparedAsync($"ckpt:{job}:"));
            Assert.Equal([$"ckpt:other-{job}:sink:0:3:0000beef"], await db.PreparedAsync($"ckpt:other-{job}:"));
            await jobs.AssertEachOnceAsync(table, 2, 200);
        }
        finally
        {
            await db.ExecuteAsync($"ROLLBACK PREPARED 'ckpt:other-{job}:sink:0:3:0000beef'");
        }
    }

    [Fact]
    public async Task A_restore_at_lower_parallelism_rolls_back_transactions_of_subtasks_that_are_gone()
    {
        var table = await db.CreateTableAsync("gone", "id bigint NOT NULL, partition integer NOT NULL");
        var job = $"gone-{table}";
        var savepoints = Path.Combine(Path.GetTempPath(), "ckpt-pg-sp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var first = ExactlyOnceSinkTests.Environment(4, restarts: 0);
            first.AddSource(() => new SequenceSource(4, 3_000, TimeSpan.FromMilliseconds(1), perStep: 2)).Uid("source").AddSink(() => jobs.Sink(table)).Uid("sink");
            var running = await first.StartAsync(job);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var savepoint = await running.StopWithSavepointAsync(savepoints).WaitAsync(TimeSpan.FromMinutes(1));
            await running.Completion.WaitAsync(TimeSpan.FromMinutes(1));
            // What subtask 3 of a failed later attempt would have left behind: prepared, listed by no checkpoint.
            await PrepareAsync(table, $"ckpt:{job}:sink:3:999:0000dead", -1);

            var second = ExactlyOnceSinkTests.Environment(2, restarts: 0).RestoreFrom(savepoint);
            second.AddSource(() => new SequenceSource(4, 3_000, TimeSpan.Zero)).Uid("source").AddSink(() => jobs.Sink(table)).Uid("sink");
            var result = await second.ExecuteAsync(job).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(JobStatus.Finished, result.Status);
            Assert.Empty(await db.PreparedAsync($"ckpt:{job}:"));
            await jobs.AssertEachOnceAsync(table, 4, 3_000);
        }
        finally
        {
            if (Directory.Exists(savepoints)) Directory.Delete(savepoints, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_with_max_prepared_transactions_0_is_refused_at_open_naming_the_setting()
    {
        await using var server = await Testing.PrivatePostgreSqlServer.StartAsync(maxPreparedTransactions: 0);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE t (id bigint, partition integer)", connection);
            await create.ExecuteNonQueryAsync();
        }
        var env = ExactlyOnceSinkTests.Environment(1, restarts: 0);
        env.AddSource(() => new SequenceSource(1, 10, TimeSpan.Zero)).Uid("source")
           .AddSink(() => new PostgreSqlSink<PartitionOffset>(new PostgreSqlSinkOptions<PartitionOffset>
           {
               ConnectionString = server.ConnectionString,
               Table = "t",
               Columns = new ColumnMapping<PartitionOffset>().Column("id", r => r.Id).Column("partition", r => r.Partition),
           })).Uid("sink");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.ExecuteAsync("no-2pc").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("max_prepared_transactions = 0", error.Message);
        Assert.Contains("Set max_prepared_transactions", error.Message);
    }

    private async Task PrepareAsync(string table, string gid, long id)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand($"INSERT INTO \"{table}\" VALUES ({id}, 0)"),
                new NpgsqlBatchCommand($"PREPARE TRANSACTION '{gid}'"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}
