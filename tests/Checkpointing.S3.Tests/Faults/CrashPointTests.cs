using Checkpointing.S3.Tests.Infrastructure;

namespace Checkpointing.S3.Tests.Faults;

/// <summary>
/// Fails each request of a checkpoint's life in turn — every HEAD and PUT of its state objects, the metadata PUT,
/// and each request of the retention that discards the checkpoint before it — once refused before it reaches the
/// server and once cut after the server handled it. After every crash point the storage must hold no torn
/// checkpoint that looks complete (metadata present ⇔ it loads), and the newest one that loads must be the new
/// checkpoint if its commit returned, else the previous one.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class CrashPointTests(S3rverFixture s3)
{
    private const string Job = "crash";

    [Theory(Timeout = 90_000)]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.CutAfter)]
    public async Task No_failed_request_of_a_checkpoint_or_its_retention_leaves_a_torn_checkpoint_restorable(Fault fault)
    {
        var (older, newer) = await RecordedCheckpoints.GetAsync();
        var requests = await CountRequestsAsync(older, newer);
        Assert.True(requests >= 2 * (newer.StateFiles.Count + 1) + 2, $"only {requests} requests were seen");

        for (var crashAt = 0; crashAt < requests; crashAt++)
        {
            var faults = new FaultInjector();
            using var storage = s3.Storage(out var client, faults, o => o.MaxAttempts = 1);
            using var _ = client;
            await CheckpointThenRetainAsync(storage, older);
            faults.Arm(fault, _ => true, skipFirst: crashAt);

            var committed = await CheckpointThenRetainAsync(storage, newer);

            faults.Disarm();
            Assert.Equal(1, faults.Injected);
            var because = $"{fault} at request {crashAt + 1} of {requests}: {faults.LastInjected}";
            await AssertNoTornCheckpointLooksComplete(s3, storage, because);
            Assert.Equal(committed ? newer.Id : older.Id, await NewestLoadingAsync(s3, storage, because));
        }
    }

    /// <summary>What the runtime does for a checkpoint: state files, then the metadata; abort on any failure; then retention (keep one).</summary>
    private static async Task<bool> CheckpointThenRetainAsync(S3CheckpointStorage storage, RecordedCheckpoint checkpoint)
    {
        var target = storage.BeginCheckpoint(Job, checkpoint.Id);
        try
        {
            foreach (var (name, bytes) in checkpoint.StateFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
                await target.WriteFileAsync(name, bytes, CancellationToken.None);
            await target.CommitAsync(checkpoint.Metadata, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            await target.AbortAsync(CancellationToken.None);
            return false;
        }
        try
        {
            foreach (var old in (await storage.ListCheckpointsAsync(Job)).Skip(1)) await storage.DiscardAsync(old);
        }
        catch (Exception e) when (e is IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            // A failed retention leaves an old checkpoint behind; the next retention takes it.
        }
        return true;
    }

    private async Task<int> CountRequestsAsync(RecordedCheckpoint older, RecordedCheckpoint newer)
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults);
        using var _ = client;
        await CheckpointThenRetainAsync(storage, older);
        var before = faults.Seen.Count;
        Assert.True(await CheckpointThenRetainAsync(storage, newer));
        return faults.Seen.Count - before;
    }

    private static async Task AssertNoTornCheckpointLooksComplete(S3rverFixture s3, S3CheckpointStorage storage, string because)
    {
        foreach (var stored in await storage.ListCheckpointsAsync(Job))
        {
            var hasMetadata = await stored.ReadFileAsync(CheckpointTarget.MetadataFileName, CancellationToken.None) is not null;
            var loads = await CheckpointLoading.LoadsAsync(s3, stored.Location);
            Assert.True(hasMetadata == loads, $"{because}: {stored.Location} has {(hasMetadata ? "" : "no ")}metadata but {(loads ? "loads" : "does not load")}");
        }
    }

    private static async Task<long> NewestLoadingAsync(S3rverFixture s3, S3CheckpointStorage storage, string because)
    {
        foreach (var stored in await storage.ListCheckpointsAsync(Job))
            if (await CheckpointLoading.LoadsAsync(s3, stored.Location)) return stored.CheckpointId;
        Assert.Fail($"{because}: no checkpoint loads");
        return 0;
    }
}
