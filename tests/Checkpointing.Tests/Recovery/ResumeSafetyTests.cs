using Checkpointing.Tests.Execution;
using Checkpointing.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Recovery;

/// <summary>A resume never starts over in silence when the job has state, and starting fresh is a deliberate choice.</summary>
public class ResumeSafetyTests
{
    private static async Task<InMemoryCheckpointStorage> TwoDamagedCheckpointsAsync()
    {
        var storage = new InMemoryCheckpointStorage();
        await Checkpoints.WriteAsync(storage, 1);
        await Checkpoints.WriteAsync(storage, 2);
        storage.FilesOf(Checkpoints.Job, 1)!["subtask-0"][12] ^= 0xFF;
        storage.FilesOf(Checkpoints.Job, 2)!.Remove("subtask-1");
        return storage;
    }

    [Fact]
    public async Task When_every_checkpoint_is_damaged_the_resume_fails_listing_each_and_why()
    {
        var storage = await TwoDamagedCheckpointsAsync();
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 20, pace: TimeSpan.Zero).ResumeFromLatestCheckpoint();
        env.AllowNonRestoredState = true;

        var error = await Assert.ThrowsAsync<CheckpointRestoreException>(() => env.ExecuteAsync(Checkpoints.Job));
        Assert.Contains("memory://storage-test/chk-1", error.Message);
        Assert.Contains("checksum", error.Message);
        Assert.Contains("memory://storage-test/chk-2", error.Message);
        Assert.Contains("missing", error.Message);
        Assert.Contains("orStartFresh", error.Message);
    }

    [Fact]
    public async Task The_explicit_start_fresh_option_starts_fresh_with_a_warning()
    {
        var storage = await TwoDamagedCheckpointsAsync();
        var logs = new RecordingLogs();
        var system = new ExternalSystem();
        var env = Jobs.Partitioned(storage, system, limit: 20, pace: TimeSpan.Zero, logs).ResumeFromLatestCheckpoint(orStartFresh: true);
        env.AllowNonRestoredState = true;

        using var limit = new CancellationTokenSource(Jobs.Limit);
        var result = await env.ExecuteAsync(Checkpoints.Job, limit.Token);
        Assert.Equal(JobStatus.Finished, result.Status);
        ExactlyOnce.Assert(system.Committed, partitions: 4, limit: 20);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("starts fresh as configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_torn_checkpoints_or_none_start_fresh_quietly()
    {
        var storage = new InMemoryCheckpointStorage();
        var torn = storage.BeginCheckpoint(Checkpoints.Job, 1);
        await torn.WriteFileAsync("subtask-0", Checkpoints.Files(1)[0].Bytes, CancellationToken.None);
        var logs = new RecordingLogs();
        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 20, pace: TimeSpan.Zero, logs).ResumeFromLatestCheckpoint();

        using var limit = new CancellationTokenSource(Jobs.Limit);
        var result = await env.ExecuteAsync(Checkpoints.Job, limit.Token);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("no completed checkpoint to resume from (1 never completed)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_hosting_integration_refuses_to_start_fresh_over_damaged_state_unless_told()
    {
        var storage = await TwoDamagedCheckpointsAsync();
        using var folder = new TempFolder();
        void Configure(StreamExecutionEnvironment env)
        {
            env.CheckpointStorage = storage;
            env.AllowNonRestoredState = true;
            env.AddSource(() => new PartitionedSource(2, 5, new JobProbe())).Uid("source").AddSink(() => new TransactionalSink(new ExternalSystem())).Uid("sink");
        }

        var refusing = new CheckpointingJobService(Checkpoints.Job, new CheckpointingJobOptions { SavepointDirectory = folder.Path, StopHostWhenJobEnds = false }, Configure, null, null);
        await Assert.ThrowsAsync<CheckpointRestoreException>(() => refusing.StartAsync(CancellationToken.None));

        var fresh = new CheckpointingJobService(Checkpoints.Job, new CheckpointingJobOptions { SavepointDirectory = folder.Path, StopHostWhenJobEnds = false, StartFreshIfNoneLoads = true }, Configure, null, null);
        await fresh.StartAsync(CancellationToken.None);
        var result = await fresh.Completion.WaitAsync(Jobs.Limit);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Null(fresh.RestoredFrom);
    }
}
