using Checkpointing.S3.Tests.Infrastructure;

namespace Checkpointing.S3.Tests.Faults;

/// <summary>
/// Fails each request of a checkpoint's life in turn — every HEAD and PUT of its state objects, the metadata PUT,
/// and each request of the retention that discards the checkpoint before it — once refused before it reaches the
/// server and once cut after the server handled it, on every attempt, so the step fails for good. After every crash
/// point the storage must hold no torn checkpoint that looks complete (metadata present ⇔ it loads), and the newest
/// one that loads must be the new checkpoint if its commit returned, else the previous one.
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
        var requests = await RequestsAsync(older, newer);
        Assert.True(requests.Count >= 2 * (newer.StateFiles.Count + 1) + 2, $"only {requests.Count} requests were seen: {string.Join(", ", requests)}");

        for (var crashAt = 0; crashAt < requests.Count; crashAt++)
        {
            var faults = new FaultInjector();
            // Retries stay on: other requests may be retried (s3rver answers 500 to some concurrent deletes in one
            // folder); the chosen one fails on every attempt.
            using var storage = s3.Storage(out var client, faults, o => o.MaxAttempts = 3);
            using var _ = client;
            await CheckpointThenRetainAsync(storage, older);
            var chosen = requests[crashAt];
            faults.Arm(fault, r => Relative(storage, FaultInjector.Describe(r)) == chosen, count: int.MaxValue);

            var committed = await CheckpointThenRetainAsync(storage, newer);

            faults.Disarm();
            Assert.True(faults.Injected >= 1, $"{chosen} was never sent");
            var because = $"{fault} at request {crashAt + 1} of {requests.Count}: {chosen}";
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

    /// <summary>The distinct requests of writing <paramref name="newer"/> and retiring <paramref name="older"/>, in the order first sent.</summary>
    private async Task<IReadOnlyList<string>> RequestsAsync(RecordedCheckpoint older, RecordedCheckpoint newer)
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults);
        using var _ = client;
        await CheckpointThenRetainAsync(storage, older);
        var before = faults.Seen.Count;
        Assert.True(await CheckpointThenRetainAsync(storage, newer));
        return [.. faults.Seen.Skip(before).Select(r => Relative(storage, r)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A request with the storage's own prefix (fresh for every storage) written as {prefix}.</summary>
    private static string Relative(S3CheckpointStorage storage, string request) =>
        request.Replace(storage.Location[$"s3://{S3rverFixture.Bucket}/".Length..], "{prefix}", StringComparison.Ordinal);

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
