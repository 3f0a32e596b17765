using System.Collections.Concurrent;

namespace Checkpointing.PostgreSql.Tests;

public sealed record SourceRow(long Id, string Payload);

[Collection(PostgreSqlCollection.Name)]
public class PostgreSqlSourceTests(PostgreSqlFixture db)
{
    [Fact]
    public async Task A_restore_at_another_parallelism_resumes_each_range_right_after_its_last_row()
    {
        var input = await db.CreateTableAsync("src", "id bigint PRIMARY KEY, payload text NOT NULL");
        var output = await db.CreateTableAsync("dst", "id bigint NOT NULL, payload text NOT NULL");
        await InsertAsync(input, 1, 6_000);
        var savepoints = Path.Combine(Path.GetTempPath(), "ckpt-pg-sp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // First run at 3 subtasks, slowed by the map so a stop finds it mid-table.
            var first = ExactlyOnceSinkTests.Environment(3, restarts: 0);
            Pipeline(first, input, output, stopWhenCaughtUp: false, row => { Thread.SpinWait(20_000); return row; });
            var job = await first.StartAsync($"resume-{input}");
            await WaitForRowsAsync(output, atLeast: 500);
            var savepoint = await job.StopWithSavepointAsync(savepoints).WaitAsync(TimeSpan.FromMinutes(1));
            await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));
            var readBefore = (await db.QueryAsync<long>($"SELECT count(*) FROM \"{output}\""))[0];
            Assert.InRange(readBefore, 500, 5_999);
            await InsertAsync(input, 6_001, 7_000);

            // Then at 2 subtasks with failures on the way: every row exactly once.
            var failures = new FailurePlan(700, 2_500);
            var second = ExactlyOnceSinkTests.Environment(2, restarts: 5).RestoreFrom(savepoint);
            Pipeline(second, input, output, stopWhenCaughtUp: true, failures.Observe);
            var result = await second.ExecuteAsync($"resume-{input}").WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(JobStatus.Finished, result.Status);
            Assert.Equal(2, failures.Failures);
            var ids = await db.QueryAsync<long>($"SELECT id FROM \"{output}\" ORDER BY id");
            Assert.Equal(Enumerable.Range(1, 7_000).Select(i => (long)i), ids);
        }
        finally
        {
            if (Directory.Exists(savepoints)) Directory.Delete(savepoints, recursive: true);
        }
    }

    [Fact]
    public async Task Subtasks_share_the_ranges_of_a_table_without_overlap_and_poll_for_new_rows()
    {
        var input = await db.CreateTableAsync("shared", "id bigint PRIMARY KEY, payload text NOT NULL");
        await InsertAsync(input, 1, 2_000);
        var seen = new ConcurrentBag<(int Subtask, long Id)>();
        var env = ExactlyOnceSinkTests.Environment(3, restarts: 0);
        env.AddSource(() => Source(input, stopWhenCaughtUp: false)).Uid("source")
           .AddSink(() => new RecordingSink(seen)).Uid("sink");

        var job = await env.StartAsync($"shared-{input}");
        await WaitUntilAsync(() => seen.Count >= 2_000);
        await InsertAsync(input, 2_001, 3_000);
        await WaitUntilAsync(() => seen.Count >= 3_000);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // a duplicate would arrive by now
        await job.CancelAsync();

        var ids = seen.Select(s => s.Id).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), ids);
        var ranges = PostgreSqlSource<SourceRow>.EvenBoundaries(1, 3_000, 6);
        // Each key range was read by one subtask only, and the ranges were spread over all three.
        var ownerOfRange = seen.GroupBy(s => ranges.Count(b => s.Id >= b)).Select(g => g.Select(s => s.Subtask).Distinct().ToList()).ToList();
        Assert.All(ownerOfRange, owners => Assert.Single(owners));
        Assert.Equal(3, seen.Select(s => s.Subtask).Distinct().Count());
    }

    private PostgreSqlSource<SourceRow> Source(string table, bool stopWhenCaughtUp) =>
        new(new PostgreSqlSourceOptions
        {
            ConnectionString = db.ConnectionString,
            Table = table,
            PositionColumn = "id",
            SplitBoundaries = PostgreSqlSource<SourceRow>.EvenBoundaries(1, 3_000, 6),
            BatchSize = 100,
            PollInterval = TimeSpan.FromMilliseconds(50),
            StopWhenCaughtUp = stopWhenCaughtUp,
        }, row => new SourceRow(row.GetInt64(0), row.GetString(1)));

    private void Pipeline(StreamExecutionEnvironment env, string input, string output, bool stopWhenCaughtUp, Func<SourceRow, SourceRow> map) =>
        env.AddSource(() => Source(input, stopWhenCaughtUp)).Uid("source")
           .Map(map)
           .AddSink(() => new PostgreSqlSink<SourceRow>(new PostgreSqlSinkOptions<SourceRow>
           {
               ConnectionString = db.ConnectionString,
               Table = output,
               Columns = new ColumnMapping<SourceRow>().Column("id", r => r.Id).Column("payload", r => r.Payload),
               BatchSize = 200,
           })).Uid("sink");

    private Task InsertAsync(string table, int from, int to) =>
        db.ExecuteAsync($"INSERT INTO \"{table}\" SELECT i, 'row ' || i FROM generate_series({from}, {to}) AS i");

    private async Task WaitForRowsAsync(string table, long atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await db.QueryAsync<long>($"SELECT count(*) FROM \"{table}\""))[0] < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{table} did not reach {atLeast} rows within 30 s");
            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>Records which subtask saw which row.</summary>
    private sealed class RecordingSink(ConcurrentBag<(int, long)> seen) : RichSinkFunction<SourceRow>
    {
        public override void Invoke(SourceRow value) => seen.Add((RuntimeContext.SubtaskIndex, value.Id));
    }
}
