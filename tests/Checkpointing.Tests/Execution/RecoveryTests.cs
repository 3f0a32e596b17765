namespace Checkpointing.Tests.Execution;

public class RecoveryTests
{
    private const int Partitions = 6;

    public static TheoryData<int, int> ParallelismAndSeed()
    {
        var data = new TheoryData<int, int>();
        for (var parallelism = 1; parallelism <= 4; parallelism++)
            foreach (var seed in new[] { 1, 2, 3 })
                data.Add(parallelism, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(ParallelismAndSeed))]
    public async Task Injected_failures_still_commit_each_record_exactly_once(int parallelism, int seed)
    {
        const long limit = 3_000;
        var random = new Random(seed);
        var total = Partitions * limit;
        var failAt = Enumerable.Range(0, 3).Select(_ => (long)random.Next(1, (int)total)).ToArray();
        var probe = new JobProbe(failAt);
        var system = new ExternalSystem();
        var env = new StreamExecutionEnvironment
        {
            Parallelism = parallelism,
            RestartStrategy = RestartStrategy.FixedDelay(10, TimeSpan.Zero),
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new PartitionedSource(Partitions, limit, probe)).Uid("source")
           .Map(probe.Observe)
           .AddSink(() => new TransactionalSink(system)).Uid("sink");

        var result = await env.ExecuteAsync("recovery").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Finished, result.Status);
        // Two subtasks can fail in the same attempt, so one restart may cover several injected failures.
        Assert.InRange(result.Restarts, 1, probe.Failures);
        ExactlyOnce.Assert(system.Committed, Partitions, limit);
    }

    [Fact]
    public async Task Restarts_past_the_strategy_fault_with_the_original_exception()
    {
        var probe = new JobProbe(1, 2, 3, 4);
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.FixedDelay(2, TimeSpan.Zero) };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
        env.AddSource(() => new PartitionedSource(1, 1_000, probe)).Uid("source").Map(probe.Observe).AddSink(() => new DiscardingSink<Record>());

        var error = await Assert.ThrowsAsync<InjectedFailure>(() => env.ExecuteAsync("doomed").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("injected failure 3", error.Message);
        Assert.Equal(3, probe.Failures);
    }

    [Fact]
    public async Task Without_restarts_the_first_failure_ends_the_job()
    {
        var probe = new JobProbe(10);
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new PartitionedSource(1, 1_000, probe)).Uid("source").Map(probe.Observe).AddSink(() => new DiscardingSink<Record>());

        var job = await env.StartAsync("no-restart");
        await Assert.ThrowsAsync<InjectedFailure>(() => job.Completion.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, probe.Failures);
    }

    [Fact]
    public async Task Restore_comes_before_Open_and_never_on_a_fresh_start()
    {
        var probe = new JobProbe(2_000);
        var env = new StreamExecutionEnvironment { Parallelism = 2, RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.Zero) };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        probe.Pace = TimeSpan.FromMilliseconds(1);
        env.AddSource(() => new PartitionedSource(2, 2_000, probe)).Uid("source").Map(probe.Observe).AddSink(() => new DiscardingSink<Record>());

        var result = await env.ExecuteAsync("lifecycle").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.Restarts);
        var events = probe.Events;
        var firstAttempt = events.TakeWhile(e => !e.EndsWith("attempt 1", StringComparison.Ordinal) && !e.StartsWith("restore", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, firstAttempt.Count(e => e.StartsWith("open", StringComparison.Ordinal)));
        Assert.DoesNotContain(firstAttempt, e => e.StartsWith("restore", StringComparison.Ordinal));
        var second = events.Skip(firstAttempt.Count).ToList();
        for (var subtask = 0; subtask < 2; subtask++)
        {
            var restore = second.FindIndex(e => e.StartsWith($"restore {subtask} ", StringComparison.Ordinal));
            var open = second.IndexOf($"open {subtask} attempt 1");
            Assert.True(restore >= 0 && open > restore, $"subtask {subtask}: restore at {restore}, open at {open} in [{string.Join("; ", second)}]");
        }
    }
}
