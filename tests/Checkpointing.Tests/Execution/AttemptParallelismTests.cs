namespace Checkpointing.Tests.Execution;

/// <summary>
/// The seam a cluster's scaling policy uses (<c>JobSettings.AttemptParallelism</c>): each attempt runs at the
/// parallelism asked for just before it starts, and a restart at another parallelism restores the latest checkpoint
/// redistributed over the new subtasks, as a savepoint restore at another parallelism does.
/// </summary>
public class AttemptParallelismTests
{
    private const int Partitions = 6;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Restarts_at_other_parallelisms_restore_the_latest_checkpoint_exactly_once(int seed)
    {
        const long limit = 3_000;
        int[] parallelisms = [4, 2, 5, 3];
        var random = new Random(seed);
        var failAt = Enumerable.Range(0, 3).Select(_ => (long)random.Next(1, (int)(Partitions * limit))).ToArray();
        var probe = new JobProbe(failAt);
        var system = new ExternalSystem();
        var asked = new List<int>();
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(10, TimeSpan.Zero), LocalWorkers = 2 };
        env.ParallelismPerAttempt = attempt =>
        {
            lock (asked) asked.Add(attempt);
            return parallelisms[attempt % parallelisms.Length];
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new PartitionedSource(Partitions, limit, probe)).Uid("source")
           .Map(probe.Observe)
           .AddSink(() => new TransactionalSink(system)).Uid("sink");

        var result = await env.ExecuteAsync("per-attempt").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.InRange(result.Restarts, 1, probe.Failures);
        // Asked once per attempt, in order; each attempt opened exactly the subtasks of its own parallelism.
        Assert.Equal(Enumerable.Range(0, result.Restarts + 1), asked);
        for (var attempt = 0; attempt <= result.Restarts; attempt++)
        {
            var opened = probe.Events.Where(e => e.EndsWith($" attempt {attempt}", StringComparison.Ordinal)).Select(e => int.Parse(e.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Order();
            Assert.Equal(Enumerable.Range(0, parallelisms[attempt % parallelisms.Length]), opened);
        }
        ExactlyOnce.Assert(system.Committed, Partitions, limit);
    }

    [Fact]
    public async Task The_running_parallelism_is_the_running_attempt_s_and_null_once_the_job_ended()
    {
        var env = new StreamExecutionEnvironment { ParallelismPerAttempt = _ => 3 };
        env.AddSource(() => new PartitionedSource(Partitions, long.MaxValue, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) })).Uid("source")
           .AddSink(() => new TransactionalSink(new ExternalSystem())).Uid("sink");
        var client = await env.StartAsync("running-parallelism");

        Assert.Equal(3, await client.RunningParallelismAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));
        await client.CancelAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Null(await client.RunningParallelismAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_parallelism_out_of_range_fails_the_job_naming_it()
    {
        var env = new StreamExecutionEnvironment { ParallelismPerAttempt = _ => 0 };
        env.AddSource(() => new PartitionedSource(Partitions, 10, new JobProbe())).Uid("source").AddSink(() => new TransactionalSink(new ExternalSystem())).Uid("sink");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.ExecuteAsync("bad-parallelism").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("attempt 0 was given parallelism 0", error.Message, StringComparison.Ordinal);
    }
}
