namespace Checkpointing.PostgreSql.Tests;

[Collection(PostgreSqlCollection.Name)]
public class ExactlyOnceSinkTests(PostgreSqlFixture db)
{
    private const int Partitions = 4;

    public static TheoryData<int> Parallelisms() => [1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Parallelisms))]
    public async Task Failures_in_the_stream_before_commit_and_after_commit_still_store_each_row_once(int parallelism)
    {
        const long limit = 1_500;
        var table = await db.CreateTableAsync("eo", "id bigint NOT NULL, partition integer NOT NULL");
        var failures = new FailurePlan(1_000, 3_500);
        // The 2nd COMMIT PREPARED fails before it is sent (prepared, not committed), the 4th after it succeeded (committed, not confirmed).
        var beforeCommit = new CallFault("before COMMIT PREPARED", 2);
        var afterCommit = new CallFault("after COMMIT PREPARED", 4);
        var env = Environment(parallelism, restarts: 10);
        env.AddSource(() => new SequenceSource(Partitions, limit, TimeSpan.FromMilliseconds(1), perStep: 2)).Uid("source")
           .Map(failures.Observe)
           .AddSink(() => Sink(table, beforeCommit.Hit, afterCommit.Hit)).Uid("sink");

        var result = await env.ExecuteAsync($"eo-{table}").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(2, failures.Failures);
        Assert.Equal(1, beforeCommit.Thrown);
        Assert.Equal(1, afterCommit.Thrown);
        // Two failures can fall into one attempt, so one restart may cover both.
        Assert.InRange(result.Restarts, 2, 4);
        await AssertEachOnceAsync(table, Partitions, limit);
        Assert.Empty(await db.PreparedAsync($"ckpt:eo-{table}:"));
    }

    [Fact]
    public async Task A_rescale_through_a_savepoint_keeps_each_row_once()
    {
        const long limit = 4_000;
        var table = await db.CreateTableAsync("rescale", "id bigint NOT NULL, partition integer NOT NULL");
        var savepoints = Path.Combine(Path.GetTempPath(), "ckpt-pg-sp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var path = "";
            foreach (var (parallelism, stop) in new[] { (4, true), (3, true), (1, false) })
            {
                var env = Environment(parallelism, restarts: 3);
                if (path.Length > 0) env.RestoreFrom(path);
                env.AddSource(() => new SequenceSource(Partitions, limit, TimeSpan.FromMilliseconds(1), perStep: 2)).Uid("source")
                   .AddSink(() => Sink(table)).Uid("sink");
                var job = await env.StartAsync($"rescale-{table}");
                if (!stop)
                {
                    var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));
                    Assert.Equal(JobStatus.Finished, result.Status);
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(700));
                path = await job.StopWithSavepointAsync(savepoints).WaitAsync(TimeSpan.FromMinutes(1));
                var stopped = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));
                Assert.Equal(JobStatus.Stopped, stopped.Status);
            }
            await AssertEachOnceAsync(table, Partitions, limit);
            Assert.Empty(await db.PreparedAsync($"ckpt:rescale-{table}:"));
        }
        finally
        {
            if (Directory.Exists(savepoints)) Directory.Delete(savepoints, recursive: true);
        }
    }

    /// <summary>
    /// A finished job's last transaction is committed by the background committer after the final checkpoint
    /// completed, while the sink closes. When that commit fails, the attempt fails and the restart's restore of the
    /// final checkpoint commits the transaction; without it the job would end Finished with the rows still prepared.
    /// No periodic checkpoint runs, so the final transaction holds every row.
    /// </summary>
    [Fact]
    public async Task A_failed_commit_of_the_final_checkpoint_fails_the_attempt_and_the_restart_commits_it()
    {
        const long limit = 200;
        var table = await db.CreateTableAsync("final", "id bigint NOT NULL, partition integer NOT NULL");
        var beforeCommit = new CallFault("before COMMIT PREPARED", 1);
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.Zero) };
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.AddSource(() => new SequenceSource(Partitions, limit, TimeSpan.Zero)).Uid("source")
           .AddSink(() => Sink(table, beforeCommit.Hit)).Uid("sink");

        var result = await env.ExecuteAsync($"final-{table}").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, beforeCommit.Thrown);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        await AssertEachOnceAsync(table, Partitions, limit);
        Assert.Empty(await db.PreparedAsync($"ckpt:final-{table}:"));
    }

    [Fact]
    public async Task A_transaction_the_server_lost_fails_the_job_naming_its_gid()
    {
        var table = await db.CreateTableAsync("lost", "id bigint NOT NULL, partition integer NOT NULL");
        var env = Environment(1, restarts: 0);
        // Roll the transaction back behind the sink's back, as a server that lost its state would.
        void Lose(string gid) => db.ExecuteAsync($"ROLLBACK PREPARED '{gid}'").GetAwaiter().GetResult();
        env.AddSource(() => new SequenceSource(1, 100_000, TimeSpan.FromMilliseconds(1))).Uid("source")
           .AddSink(() => Sink(table, Lose)).Uid("sink");

        var error = await Assert.ThrowsAsync<PostgreSqlCommitException>(() => env.ExecuteAsync($"lost-{table}").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.StartsWith($"ckpt:lost-{table}:sink:0:", error.Gid);
        Assert.Contains(error.Gid, error.Message);
        Assert.Contains("unknown to the server", error.Message);
    }

    internal static StreamExecutionEnvironment Environment(int parallelism, int restarts)
    {
        var env = new StreamExecutionEnvironment
        {
            Parallelism = parallelism,
            RestartStrategy = restarts == 0 ? RestartStrategy.NoRestart : RestartStrategy.FixedDelay(restarts, TimeSpan.Zero),
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        return env;
    }

    internal PostgreSqlSink<PartitionOffset> Sink(string table, Action<string>? beforeCommit = null, Action<string>? afterCommit = null) =>
        new(new PostgreSqlSinkOptions<PartitionOffset>
        {
            ConnectionString = db.ConnectionString,
            Table = table,
            Columns = new ColumnMapping<PartitionOffset>().Column("id", r => r.Id).Column("partition", r => r.Partition),
            BatchSize = 500,
            CommitRetryDelay = TimeSpan.FromMilliseconds(20),
        })
        {
            BeforeCommitPrepared = beforeCommit,
            AfterCommitPrepared = afterCommit,
        };

    internal async Task AssertEachOnceAsync(string table, int partitions, long limit)
    {
        var ids = await db.QueryAsync<long>($"SELECT id FROM \"{table}\"");
        var expected = Enumerable.Range(0, partitions).SelectMany(p => Enumerable.Range(0, (int)limit).Select(o => p * 1_000_000L + o)).ToHashSet();
        var duplicated = ids.Count - ids.Distinct().Count();
        var stored = ids.ToHashSet();
        var lost = expected.Count(id => !stored.Contains(id));
        Assert.True(duplicated == 0 && lost == 0 && ids.Count == expected.Count,
            $"{ids.Count} rows for {expected.Count} records: {lost} lost, {duplicated} duplicated");
    }
}
