using Checkpointing.Tests.Storage;

namespace Checkpointing.Tests.Fencing;

/// <summary>How runs claim their epochs: once each, before they restore, and never below a run that took over.</summary>
public class EpochClaimTests
{
    [Fact]
    public async Task Of_two_runs_started_at_once_with_one_epoch_exactly_one_runs()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var gate = new Gate();
        var clients = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => FencingJobs.Run(storage, gate, epoch: 7).StartAsync(FencingJobs.Job))));
        gate.Open();
        var outcomes = await Task.WhenAll(clients.Select(async c =>
        {
            try
            {
                return (await c.Completion.WaitAsync(FencingJobs.Limit)).Status.ToString();
            }
            catch (JobFencedException e)
            {
                return $"fenced {e.FencedBy}";
            }
        }));
        Assert.Equal(["Finished", "fenced 7"], outcomes.Order(StringComparer.Ordinal));
        Assert.Equal([7L], (await storage.ListEpochClaimsAsync(FencingJobs.Job)).Select(c => c.Epoch));
    }

    [Fact]
    public async Task A_run_below_a_claimed_epoch_does_not_start()
    {
        var storage = new InMemoryCheckpointStorage();
        Assert.True(await storage.TryClaimEpochAsync(FencingJobs.Job, 10));
        var gate = new Gate();
        gate.Open();
        var client = await FencingJobs.Run(storage, gate, epoch: 9).StartAsync(FencingJobs.Job);
        var error = await Assert.ThrowsAsync<JobFencedException>(() => client.Completion.WaitAsync(FencingJobs.Limit));
        Assert.Equal((9L, 10L), (error.Epoch, error.FencedBy));
        Assert.Empty(await storage.ListCheckpointsAsync(FencingJobs.Job));
    }

    [Fact]
    public async Task A_run_records_its_restore_point_and_supersedes_a_lower_claim_that_never_recorded_one()
    {
        var storage = new InMemoryCheckpointStorage();
        var (gateA, gateB) = (new Gate(), new Gate());
        gateA.Open();
        var first = await FencingJobs.Run(storage, gateA, epoch: 1).ExecuteAsync(FencingJobs.Job);
        Assert.True(await storage.TryClaimEpochAsync(FencingJobs.Job, 2)); // a run that died between its claim and its record

        gateB.Open();
        var third = await FencingJobs.Run(storage, gateB, epoch: 3).ExecuteAsync(FencingJobs.Job);
        Assert.Equal(JobStatus.Finished, third.Status);
        Assert.Empty(gateA.Restored);
        Assert.Single(gateB.Restored);
        var claims = (await FencingJobs.HistoryAsync(storage)).Claims;
        Assert.Equal(
            ["1:0", "2:-1", $"3:{first.LastCheckpointId}"],
            claims.Select(c => $"{c.Epoch}:{c.RestorePoint}"));
        // The superseded run can never record its own now, so it never commits.
        Assert.False(await storage.TryRecordEpochRestoreAsync(FencingJobs.Job, 2, first.LastCheckpointId));
    }

    [Fact]
    public async Task Epoch_0_claims_nothing_and_names_checkpoints_as_before()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var gate = new Gate();
        gate.Open();
        var result = await FencingJobs.Run(storage, gate, epoch: 0).ExecuteAsync(FencingJobs.Job);
        Assert.Equal(JobStatus.Finished, result.Status);
        var jobFolder = Assert.Single(Directory.GetDirectories(folder.Path));
        Assert.Equal([$"chk-{result.LastCheckpointId}"], Directory.GetDirectories(jobFolder).Select(Path.GetFileName));
        Assert.Empty(await storage.ListEpochClaimsAsync(FencingJobs.Job));
    }

    [Fact]
    public async Task A_storage_without_epoch_claims_refuses_an_epoch_but_runs_epoch_0()
    {
        var storage = new WithoutEpochs();
        var gate = new Gate();
        gate.Open();
        var fenced = await FencingJobs.Run(storage, gate, epoch: 1).StartAsync(FencingJobs.Job);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => fenced.Completion.WaitAsync(FencingJobs.Limit));
        Assert.Contains(nameof(WithoutEpochs), error.Message);
        var plain = await FencingJobs.Run(storage, gate, epoch: 0).ExecuteAsync(FencingJobs.Job);
        Assert.Equal(JobStatus.Finished, plain.Status);
    }

    /// <summary>A storage written before epochs existed: only the abstract members.</summary>
    private sealed class WithoutEpochs : CheckpointStorage
    {
        private readonly InMemoryCheckpointStorage inner = new();

        public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => inner.BeginCheckpoint(jobName, checkpointId);

        public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default) => inner.ListCheckpointsAsync(jobName, cancellationToken);

        public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.DiscardAsync(checkpoint, cancellationToken);
    }
}
