namespace Checkpointing.Tests.Execution;

/// <summary>
/// A function's Close() can still have work to do after every source finished: a sink that commits in the
/// background commits the final checkpoint's transaction there. A close that fails then fails the attempt, and the
/// restart restores the final checkpoint, which commits its transaction again; other endings only log it.
/// </summary>
public class CloseFailureTests
{
    private const int Partitions = 3;
    private const long Limit = 500;

    private static StreamExecutionEnvironment Job(ExternalSystem system, Counter closes, int failures, int restarts, JobProbe probe)
    {
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(restarts, TimeSpan.Zero) };
        // No periodic checkpoint: the final one holds every record, so a lost final commit would lose them all.
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.AddSource(() => new PartitionedSource(Partitions, Limit, probe)).Uid("source")
           .AddSink(() => new CommitOnCloseSink(system, closes, failures)).Uid("sink");
        return env;
    }

    [Fact]
    public async Task A_close_that_fails_after_the_sources_finished_restarts_from_the_final_checkpoint_and_commits_its_transaction()
    {
        var system = new ExternalSystem();
        var closes = new Counter();

        var result = await Job(system, closes, failures: 1, restarts: 3, new JobProbe()).ExecuteAsync("close-fails-once").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        Assert.Equal(2, closes.Value);
        ExactlyOnce.Assert(system.Committed, Partitions, Limit);
    }

    [Fact]
    public async Task A_close_that_always_fails_fails_the_job_naming_the_operator()
    {
        var closes = new Counter();

        var error = await Assert.ThrowsAsync<OperatorCloseException>(() =>
            Job(new ExternalSystem(), closes, failures: int.MaxValue, restarts: 1, new JobProbe()).ExecuteAsync("close-always-fails").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("'sink'", error.Message);
        Assert.Contains("could not commit", error.Message);
        Assert.IsType<InjectedFailure>(error.InnerException);
        Assert.Equal(2, closes.Value);
    }

    [Fact]
    public async Task A_close_that_fails_after_a_cancel_is_logged_and_the_job_still_ends_cancelled()
    {
        var closes = new Counter();
        // Paced to run for seconds: the cancel comes long before the sources finish.
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(5) };
        var job = await Job(new ExternalSystem(), closes, failures: int.MaxValue, restarts: 3, probe).StartAsync("close-fails-on-cancel");

        await job.CancelAsync();
        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Cancelled, result.Status);
        Assert.Equal(0, result.Restarts);
        Assert.Equal(1, closes.Value);
    }
}
