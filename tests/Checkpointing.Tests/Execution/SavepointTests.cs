namespace Checkpointing.Tests.Execution;

public class SavepointTests
{
    private const int Partitions = 8;
    // Paced at 1 ms per record, a first run would need at least 10 s to end on its own: the stop always finds it running,
    // even on a loaded machine. Restored runs are not paced.
    private const long Limit = 10_000;

    /// <summary>Every pair of parallelisms from 1 to 8.</summary>
    public static TheoryData<int, int> Rescales()
    {
        var data = new TheoryData<int, int>();
        for (var from = 1; from <= 8; from++)
            for (var to = 1; to <= 8; to++)
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rescales))]
    public async Task Stop_with_savepoint_then_restore_at_another_parallelism_is_exactly_once(int from, int to)
    {
        using var dir = new TempDirectory();
        var system = new ExternalSystem();

        var first = Job(from, system, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) });
        var running = await first.StartAsync("rescale");
        await WaitUntil(() => system.Committed.Count > 0 || running.Completion.IsCompleted);
        var savepoint = await running.StopWithSavepointAsync(dir.Path);
        var stopped = await running.Completion;
        Assert.Equal(JobStatus.Stopped, stopped.Status);
        Assert.Equal(savepoint, stopped.SavepointPath);
        Assert.StartsWith(dir.Path, savepoint);
        Assert.True(system.Committed.Count < Partitions * Limit, "the first run must stop before the end for the test to mean anything");

        var second = Job(to, system, new JobProbe());
        second.RestoreFrom(savepoint);
        var finished = await second.ExecuteAsync("rescale").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, finished.Status);
        Assert.True(finished.LastCheckpointId > stopped.LastCheckpointId, "checkpoint ids continue after the savepoint");
        ExactlyOnce.Assert(system.Committed, Partitions, Limit);
    }

    [Fact]
    public async Task A_savepoint_folder_moved_elsewhere_still_restores()
    {
        using var dir = new TempDirectory();
        var system = new ExternalSystem();
        var running = await Job(2, system, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) }).StartAsync("moved");
        await WaitUntil(() => system.Committed.Count > 0);
        var savepoint = await running.StopWithSavepointAsync(Path.Combine(dir.Path, "original"));
        var moved = Path.Combine(dir.Path, "elsewhere", "copy");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(savepoint, moved);

        var restored = Job(3, system, new JobProbe());
        restored.RestoreFrom(moved);
        await restored.ExecuteAsync("moved").WaitAsync(TimeSpan.FromMinutes(1));

        ExactlyOnce.Assert(system.Committed, Partitions, Limit);
    }

    [Fact]
    public async Task A_savepoint_keeps_the_job_running_and_is_not_deleted_by_retention()
    {
        using var dir = new TempDirectory();
        var system = new ExternalSystem();
        var env = Job(2, system, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) });
        env.MaxRetainedCheckpoints = 1;
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        var job = await env.StartAsync("kept");
        var savepoint = await job.TriggerSavepointAsync(Path.Combine(dir.Path, "savepoints"));
        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.True(File.Exists(Path.Combine(savepoint, "_metadata")));
        ExactlyOnce.Assert(system.Committed, Partitions, Limit);
    }

    [Fact]
    public async Task State_of_an_operator_the_job_no_longer_has_fails_the_restore_unless_allowed()
    {
        using var dir = new TempDirectory();
        var system = new ExternalSystem();
        var running = await Job(2, system, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) }).StartAsync("renamed");
        var savepoint = await running.StopWithSavepointAsync(dir.Path);

        var renamed = new StreamExecutionEnvironment { Parallelism = 2, RestartStrategy = RestartStrategy.NoRestart };
        renamed.AddSource(() => new PartitionedSource(Partitions, Limit, new JobProbe())).Uid("source-v2")
               .AddSink(() => new TransactionalSink(system)).Uid("sink");
        renamed.RestoreFrom(savepoint);

        var error = await Assert.ThrowsAsync<CheckpointRestoreException>(() => renamed.ExecuteAsync("renamed"));
        Assert.Contains("'source'", error.Message);
        Assert.Contains("AllowNonRestoredState", error.Message);

        renamed.AllowNonRestoredState = true;
        var result = await renamed.ExecuteAsync("renamed").WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Finished, result.Status);
    }

    [Fact]
    public async Task Restoring_from_a_missing_folder_says_which_folder()
    {
        var env = Job(1, new ExternalSystem(), new JobProbe());
        env.RestoreFrom("/nonexistent/savepoint-42");
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => env.ExecuteAsync("missing"));
        Assert.Contains("savepoint-42", error.Message);
    }

    [Fact]
    public async Task Cancel_ends_the_job_Cancelled()
    {
        var running = await Job(2, new ExternalSystem(), new JobProbe { Pace = TimeSpan.FromMilliseconds(1) }).StartAsync("cancelled");
        await running.CancelAsync();
        var result = await running.Completion;
        Assert.Equal(JobStatus.Cancelled, result.Status);
        Assert.Null(result.SavepointPath);
    }

    [Fact]
    public async Task Cancelling_the_token_of_ExecuteAsync_cancels_the_job()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var env = Job(2, new ExternalSystem(), new JobProbe { Pace = TimeSpan.FromMilliseconds(1) });
        var result = await env.ExecuteAsync("token", cts.Token).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Cancelled, result.Status);
    }

    private static StreamExecutionEnvironment Job(int parallelism, ExternalSystem system, JobProbe probe)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
        env.AddSource(() => new PartitionedSource(Partitions, Limit, probe)).Uid("source")
           .AddSink(() => new TransactionalSink(system)).Uid("sink");
        return env;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }
}
