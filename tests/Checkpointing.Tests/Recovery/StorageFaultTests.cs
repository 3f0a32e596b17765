using Checkpointing.Testing;
using Checkpointing.Tests.Execution;
using Checkpointing.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Recovery;

/// <summary>Storage faults abort only the checkpoint they hit, with the OS error in the log and in what the user sees.</summary>
public class StorageFaultTests
{
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(Jobs.Limit);
        while (!condition())
        {
            if (limit.IsCancellationRequested) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_full_disk_aborts_checkpoints_with_the_OS_error_while_the_job_survives_and_recovers_after_space_is_freed()
    {
        await using var disk = await FullDisk.CreateAsync();
        var logs = new RecordingLogs();
        var system = new ExternalSystem();
        var env = Jobs.Partitioned(disk.Storage, system, limit: 1_000_000, pace: TimeSpan.FromMilliseconds(1), logs);
        var job = await env.StartAsync("full-disk");
        try
        {
            await WaitUntilAsync(() => job.LatestCheckpointId >= 2, "two checkpoints completed");
            disk.Fill();
            var lastGood = job.LatestCheckpointId;
            await WaitUntilAsync(() => logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("No space left on device", StringComparison.Ordinal)),
                "a checkpoint aborted with the OS error");
            var failedAfter = job.LatestCheckpointId;

            Assert.False(job.Completion.IsCompleted, "the job ended because of a full disk");
            var latest = await StorageCalls.LoadLatestAsync(disk.Storage, "full-disk");
            Assert.NotNull(latest);
            Assert.True(latest.CheckpointId >= lastGood, $"the newest loadable checkpoint is {latest.CheckpointId}, older than {lastGood} which completed before the disk filled");

            disk.Free();
            await WaitUntilAsync(() => job.LatestCheckpointId > failedAfter + 1, "a checkpoint completed after space was freed");
        }
        finally
        {
            await job.CancelAsync();
        }
        var result = await job.Completion.WaitAsync(Jobs.Limit);
        Assert.Equal(JobStatus.Cancelled, result.Status);
        Assert.Equal(0, result.Restarts);
    }

    [Fact]
    public async Task A_final_checkpoint_that_fails_surfaces_its_cause_without_any_logger()
    {
        var storage = new FaultInjectingStorage(new InMemoryCheckpointStorage()).Fail(StorageStep.WriteFile, times: 1000);
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 10, pace: TimeSpan.Zero);
        env.RestartStrategy = RestartStrategy.NoRestart;
        env.EnableCheckpointing(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<IOException>(() => env.ExecuteAsync("final-fails"));
        Assert.Contains("The final checkpoint of job 'final-fails' failed", error.Message);
        Assert.Contains("No space left on device", error.Message);
    }

    [Fact]
    public async Task A_final_checkpoint_whose_storage_fails_is_tried_again_and_the_job_finishes_without_a_restart()
    {
        var storage = new FaultInjectingStorage(new InMemoryCheckpointStorage()).Fail(StorageStep.Commit, times: Checkpointing.Execution.JobExecution.FinalCheckpointAttempts - 1);
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 10, pace: TimeSpan.Zero);
        env.RestartStrategy = RestartStrategy.NoRestart;
        env.EnableCheckpointing(TimeSpan.FromHours(1));

        var result = await env.ExecuteAsync("final-retried").WaitAsync(Jobs.Limit);

        Assert.Equal((JobStatus.Finished, 0), (result.Status, result.Restarts));
        Assert.Equal(Checkpointing.Execution.JobExecution.FinalCheckpointAttempts - 1, storage.Injected);
        var latest = await StorageCalls.LoadLatestAsync(storage, "final-retried");
        Assert.Equal(Checkpointing.Execution.JobExecution.FinalCheckpointAttempts, latest!.CheckpointId);
    }

    [Fact]
    public async Task A_checkpoint_folder_that_cannot_be_created_names_the_folder_and_the_OS_error()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "a file where the storage expects a folder");
        var env = Jobs.Partitioned(new FileSystemCheckpointStorage(file), new ExternalSystem(), limit: 10, pace: TimeSpan.Zero);
        env.RestartStrategy = RestartStrategy.NoRestart;
        env.EnableCheckpointing(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<IOException>(() => env.ExecuteAsync("blocked"));
        Assert.Contains("Cannot create the checkpoint folder", error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public async Task A_torn_state_file_that_reported_success_is_never_restored()
    {
        var inner = new InMemoryCheckpointStorage();
        var storage = new FaultInjectingStorage(inner);
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 10, pace: TimeSpan.Zero);
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        await env.ExecuteAsync("torn"); // checkpoint 1 complete
        storage.Tear(fileName: "source-0-subtask-1");
        await Jobs.Partitioned(storage, new ExternalSystem(), limit: 10, pace: TimeSpan.Zero).ExecuteAsync("torn"); // checkpoint 2, torn but committed

        var latest = await StorageCalls.LoadLatestAsync(storage, "torn");
        Assert.Equal(1, latest!.CheckpointId);
        Assert.Equal(1, storage.Injected);
    }

    [Fact]
    public async Task A_write_delayed_past_the_timeout_aborts_that_checkpoint_and_the_next_one_completes()
    {
        var logs = new RecordingLogs();
        var storage = new FaultInjectingStorage(new InMemoryCheckpointStorage()).Delay(StorageStep.Commit, TimeSpan.FromMinutes(5));
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 1_000_000, pace: TimeSpan.FromMilliseconds(1), logs);
        env.CheckpointTimeout = TimeSpan.FromMilliseconds(300);
        var job = await env.StartAsync("slow");
        try
        {
            await WaitUntilAsync(() => job.LatestCheckpointId >= 2, "checkpoints completed after the delayed one");
            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("(Timeout)", StringComparison.Ordinal));
        }
        finally
        {
            await job.CancelAsync();
        }
        await job.Completion.WaitAsync(Jobs.Limit);
    }
}
