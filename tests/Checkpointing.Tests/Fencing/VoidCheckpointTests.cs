using Checkpointing.Execution;
using Checkpointing.Storage;
using Checkpointing.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Fencing;

/// <summary>The void rule: what a stale coordinator wrote above the restore point of a newer epoch never counts.</summary>
public class VoidCheckpointTests
{
    private const string Job = Checkpoints.Job;

    /// <summary>
    /// Epoch 1 wrote 1–5, but epoch 2 had restored from 2 when 3–5 landed; epoch 2 wrote 3 and 4 of its own. Listed
    /// newest first: 5e1, 4e2, 4e1, 3e2, 3e1, 2e1, 1e1.
    /// </summary>
    private static async Task<InMemoryCheckpointStorage> TakenOverAsync()
    {
        var storage = new InMemoryCheckpointStorage();
        await storage.TryClaimEpochAsync(Job, 1);
        await storage.TryRecordEpochRestoreAsync(Job, 1, EpochClaim.NoRestorePoint);
        await storage.TryClaimEpochAsync(Job, 2);
        await storage.TryRecordEpochRestoreAsync(Job, 2, 2);
        foreach (var id in new long[] { 1, 2, 3, 4, 5 }) await Checkpoints.WriteAsync(storage, id, epoch: 1);
        foreach (var id in new long[] { 3, 4 }) await Checkpoints.WriteAsync(storage, id, epoch: 2);
        return storage;
    }

    private static async Task<List<string>> ListedAsync(CheckpointStorage storage) =>
        [.. (await storage.ListCheckpointsAsync(Job)).Select(c => $"{c.CheckpointId}e{c.Epoch}")];

    [Fact]
    public async Task Checkpoints_above_a_higher_epochs_restore_point_are_void_and_no_others()
    {
        var storage = await TakenOverAsync();
        var history = await EpochHistory.ReadAsync(storage, Job);
        var voided = (await storage.ListCheckpointsAsync(Job)).Where(history.IsVoid).Select(c => $"{c.CheckpointId}e{c.Epoch}");
        Assert.Equal(["5e1", "4e1", "3e1"], voided);
    }

    [Fact]
    public async Task Resume_from_latest_skips_void_checkpoints()
    {
        var storage = await TakenOverAsync();
        await storage.TryClaimEpochAsync(Job, 3);
        var logger = new ListLogger();
        var history = await EpochHistory.ReadAsync(storage, Job);
        var candidates = StorageReading.SkipVoid(await storage.ListCheckpointsAsync(Job), history, Job, logger);
        var chosen = await StorageReading.LoadNewestForResumeAsync(candidates, Job, startFreshIfNoneLoads: false, logger);
        Checkpoints.AssertIs(4, chosen);
        Assert.EndsWith("chk-4-e2", chosen!.Location, StringComparison.Ordinal);
        Assert.Equal(3, logger.Messages.Count(m => m.Contains("it is void", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(2L, 4L)] // the newer run applies retention after its checkpoint 4
    [InlineData(1L, 5L)] // the stale run applies it after its (void) checkpoint 5
    public async Task Retention_never_deletes_the_newer_epochs_checkpoints_because_of_a_stale_ones(long epoch, long justCompleted)
    {
        var storage = await TakenOverAsync();
        await new Retention(storage, Job, keep: 2, epoch, NullLogger.Instance).ApplyAsync(justCompleted, CancellationToken.None);
        Assert.Equal(["4e2", "3e2"], await ListedAsync(storage));
    }

    [Fact]
    public async Task The_hosted_service_does_not_restore_a_void_checkpoint()
    {
        var storage = await TakenOverAsync();
        using var savepoints = new TempFolder();
        var service = new CheckpointingJobService(Job, new CheckpointingJobOptions { SavepointDirectory = savepoints.Path, StopHostWhenJobEnds = false },
            env =>
            {
                env.CheckpointStorage = storage;
                env.AllowNonRestoredState = true;
                env.AddSource(() => new GatedSource(new Gate())).Uid("gated").AddSink(() => new DiscardingSink<long>()).Uid("sink");
            }, null, null);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.EndsWith("chk-4-e2", service.RestoredFrom, StringComparison.Ordinal);
        }
        finally
        {
            await service.Client!.CancelAsync();
        }
    }

    [Fact]
    public void A_checkpoint_of_the_highest_epoch_is_never_void()
    {
        var history = EpochHistory.Of([new EpochClaim(1, 0), new EpochClaim(2, 7), new EpochClaim(3, null)]);
        Assert.False(history.IsVoid(new Named(100, 3)));
        Assert.False(history.IsVoid(new Named(100, 2))); // epoch 3 has not chosen its restore point yet
        Assert.True(history.IsVoid(new Named(8, 1)));
        Assert.False(history.IsVoid(new Named(7, 1)));
        Assert.True(history.IsVoid(new Named(1, 0))); // an epoch-0 run's checkpoint above epoch 1's fresh start
    }

    private sealed class Named(long id, long epoch) : StoredCheckpoint(id, epoch, $"test://{id}e{epoch}")
    {
        public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
    }
}
