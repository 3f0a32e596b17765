namespace Checkpointing.Tests.Execution;

public class MultipleSourcesTests
{
    // Paced at 1 ms per record, the first run would need tens of seconds to finish on its own, so the stop below always
    // finds it running, even on a loaded machine; the restored run is not paced and finishes the rest at once.
    private const long LeftRecords = 20_000;
    private const long RightRecords = 28_000;

    [Fact]
    public async Task Two_sources_checkpoint_side_by_side_and_rescale_exactly_once()
    {
        using var dir = new TempDirectory();
        var left = new ExternalSystem();
        var right = new ExternalSystem();

        StreamExecutionEnvironment Job(int parallelism, JobProbe probe)
        {
            var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
            env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
            env.AddSource(() => new PartitionedSource(4, LeftRecords, probe)).Uid("left").AddSink(() => new TransactionalSink(left)).Uid("left-sink");
            env.AddSource(() => new PartitionedSource(3, RightRecords, probe)).Uid("right").AddSink(() => new TransactionalSink(right)).Uid("right-sink");
            return env;
        }

        var running = await Job(2, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) }).StartAsync("two");
        while (left.Committed.Count == 0 || right.Committed.Count == 0) await Task.Delay(5);
        var savepoint = await running.StopWithSavepointAsync(dir.Path);
        Assert.True(File.Exists(Path.Combine(savepoint, "source-1-subtask-1")), "each source's subtasks get their own state file");

        var result = await Job(3, new JobProbe()).RestoreFrom(savepoint).ExecuteAsync("two").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        ExactlyOnce.Assert(left.Committed, 4, LeftRecords);
        ExactlyOnce.Assert(right.Committed, 3, RightRecords);
    }
}
