using Checkpointing.Tests.Execution;
using Checkpointing.Tests.Storage;

namespace Checkpointing.Tests.Recovery;

/// <summary>Retention counts complete checkpoints: torn ones never push the last good ones out.</summary>
public class RetentionTests
{
    [Fact]
    public async Task After_a_run_of_torn_checkpoints_retention_keeps_the_newest_complete_ones_and_removes_the_torn()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        // Two complete checkpoints, then three torn by crashes while their files were written (no metadata).
        await Checkpoints.WriteAsync(storage, 1);
        await Checkpoints.WriteAsync(storage, 2);
        foreach (var id in new long[] { 3, 4, 5 })
        {
            var target = storage.BeginCheckpoint(Checkpoints.Job, id);
            await target.WriteFileAsync("subtask-0", Checkpoints.Files(id)[0].Bytes, CancellationToken.None);
        }

        // A run of the job completes one more checkpoint (its final one), which applies retention with N = 2.
        var system = new ExternalSystem();
        var env = Jobs.Partitioned(storage, system, limit: 50, pace: TimeSpan.Zero);
        env.MaxRetainedCheckpoints = 2;
        env.AllowNonRestoredState = true;
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        using var limit = new CancellationTokenSource(Jobs.Limit);
        var result = await env.ExecuteAsync(Checkpoints.Job, limit.Token);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(6, result.LastCheckpointId);

        var kept = await storage.ListCheckpointsAsync(Checkpoints.Job);
        Assert.Equal([6L, 2L], kept.Select(c => c.CheckpointId));
        foreach (var checkpoint in kept) await Checkpointing.Storage.CompletedCheckpoint.LoadAsync(checkpoint);
    }

    [Fact]
    public async Task Retention_keeps_a_damaged_checkpoint_inside_the_window_uncounted_rather_than_deleting_a_good_one()
    {
        var storage = new InMemoryCheckpointStorage();
        await Checkpoints.WriteAsync(storage, 1);
        await Checkpoints.WriteAsync(storage, 2);
        storage.FilesOf(Checkpoints.Job, 2)!["subtask-1"][10] ^= 0xFF;

        var env = Jobs.Partitioned(storage, new ExternalSystem(), limit: 50, pace: TimeSpan.Zero);
        env.MaxRetainedCheckpoints = 2;
        env.AllowNonRestoredState = true;
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        using var limit = new CancellationTokenSource(Jobs.Limit);
        await env.ExecuteAsync(Checkpoints.Job, limit.Token);

        // 3 (the final checkpoint) and 1 are the two complete ones; damaged 2 sits between them and is not counted.
        var kept = await storage.ListCheckpointsAsync(Checkpoints.Job);
        Assert.Equal([3L, 2L, 1L], kept.Select(c => c.CheckpointId));
    }
}
