using Checkpointing.Tests.Recovery;
using Checkpointing.Tests.Storage;

namespace Checkpointing.Tests.Fencing;

/// <summary>
/// Two runs of one job over one storage, the older still running after the newer claimed a higher epoch (a job
/// grain cut off by a partition, and its successor): the older one never completes a checkpoint after that.
/// </summary>
public class StaleCoordinatorTests
{
    [Fact]
    public async Task A_stale_coordinators_savepoint_is_refused_and_its_job_ends_fenced_without_a_restart()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Combine("checkpoints"));
        var savepoints = folder.Combine("savepoints");
        var logs = new RecordingLogs();
        var (gateA, gateB) = (new Gate(), new Gate());
        var stale = await FencingJobs.Run(storage, gateA, epoch: 1, logs).StartAsync(FencingJobs.Job);
        await stale.TriggerSavepointAsync(savepoints); // before the takeover its savepoints complete

        var newer = await FencingJobs.Run(storage, gateB, epoch: 2).StartAsync(FencingJobs.Job);
        await newer.TriggerSavepointAsync(savepoints); // the newer run has claimed epoch 2 and runs

        var refused = await Assert.ThrowsAsync<JobFencedException>(() => stale.TriggerSavepointAsync(savepoints));
        Assert.Equal((1L, 2L), (refused.Epoch, refused.FencedBy));
        var ended = await Assert.ThrowsAsync<JobFencedException>(() => stale.Completion.WaitAsync(FencingJobs.Limit));
        Assert.Equal(2, ended.FencedBy);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("restart 1 of", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.Contains("was fenced by epoch 2", StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetDirectories(savepoints).Length); // the stale run's first one and the newer run's

        gateB.Open();
        var result = await newer.Completion.WaitAsync(FencingJobs.Limit);
        Assert.Equal(JobStatus.Finished, result.Status);
        var complete = await FencingJobs.CompleteAsync(storage);
        Assert.All(complete, c => Assert.EndsWith("e2", c, StringComparison.Ordinal));
        Assert.Single(complete);
    }

    [Fact]
    public async Task A_stale_coordinators_final_checkpoint_is_refused_before_its_metadata_is_written()
    {
        var storage = new InMemoryCheckpointStorage();
        var logs = new RecordingLogs();
        var (gateA, gateB) = (new Gate(), new Gate());
        var stale = await FencingJobs.Run(storage, gateA, epoch: 5, logs).StartAsync(FencingJobs.Job);
        using var savepoints = new TempFolder();
        await stale.TriggerSavepointAsync(savepoints.Path); // it runs

        gateB.Open();
        var newer = await FencingJobs.Run(storage, gateB, epoch: 6).ExecuteAsync(FencingJobs.Job);
        Assert.Equal(JobStatus.Finished, newer.Status);

        gateA.Open(); // the stale run's sources finish: its final checkpoint checks the claims first
        await Assert.ThrowsAsync<JobFencedException>(() => stale.Completion.WaitAsync(FencingJobs.Limit));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("restart 1 of", StringComparison.Ordinal));
        Assert.Equal([$"{newer.LastCheckpointId}e6"], await FencingJobs.CompleteAsync(storage));
    }

    [Fact]
    public async Task A_checkpoint_the_stale_coordinator_commits_after_the_newer_run_listed_is_void_and_never_notified()
    {
        var inner = new InMemoryCheckpointStorage();
        var storage = new PausingStorage(inner);
        var (gateA, gateB, gateC) = (new Gate(), new Gate(), new Gate());
        var logs = new RecordingLogs();

        // The stale run passes its check before the takeover; its metadata write is still on the way.
        var paused = storage.PauseNextCommit();
        var stale = await FencingJobs.Run(storage, gateA, epoch: 1).StartAsync(FencingJobs.Job);
        gateA.Open();
        await paused.WaitAsync(FencingJobs.Limit);

        // The newer run claims epoch 2 and finds nothing complete to restore: its restore record says so.
        var newer = await FencingJobs.Run(inner, gateB, epoch: 2).StartAsync(FencingJobs.Job);
        using (var savepoints = new TempFolder()) await newer.TriggerSavepointAsync(savepoints.Path);
        Assert.Equal(EpochClaim.NoRestorePoint, (await FencingJobs.HistoryAsync(inner)).Claims.Single(c => c.Epoch == 2).RestorePoint);

        // The stale metadata lands, and the check before notifying finds epoch 2: the job ends fenced.
        storage.Resume();
        await Assert.ThrowsAsync<JobFencedException>(() => stale.Completion.WaitAsync(FencingJobs.Limit));
        var staleCheckpoint = Assert.Single(await inner.ListCheckpointsAsync(FencingJobs.Job));
        Assert.Equal(1, staleCheckpoint.Epoch);
        await Checkpointing.Storage.CompletedCheckpoint.LoadAsync(staleCheckpoint); // complete, and loadable
        Assert.True((await FencingJobs.HistoryAsync(inner)).IsVoid(staleCheckpoint));
        Assert.Empty(gateA.Notified); // its sink never commits what the newer run will emit again

        // The newer run is cut off before it checkpoints; the next run must not resume what the stale one wrote.
        await newer.CancelAsync();
        await newer.Completion.WaitAsync(FencingJobs.Limit);
        gateC.Open();
        var next = await FencingJobs.Run(inner, gateC, epoch: 3, logs).ExecuteAsync(FencingJobs.Job);
        Assert.Equal(JobStatus.Finished, next.Status);
        Assert.Empty(gateC.Restored);
        Assert.Contains(logs.Lines, l => l.Message.Contains($"Skipping checkpoint {staleCheckpoint.CheckpointId} of job", StringComparison.Ordinal) && l.Message.Contains("void", StringComparison.Ordinal));
        // Its retention removed the void checkpoint: only the new run's own is left.
        Assert.Equal([$"{next.LastCheckpointId}e3"], await FencingJobs.CompleteAsync(inner));
    }
}
