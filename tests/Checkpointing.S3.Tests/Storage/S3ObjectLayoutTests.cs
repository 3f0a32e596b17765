using Amazon.S3.Model;
using Checkpointing.S3.Tests.Infrastructure;

namespace Checkpointing.S3.Tests.Storage;

/// <summary>Where objects go, what a write refuses, and what an abort removes.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectLayoutTests(S3rverFixture s3)
{
    [Fact]
    public async Task A_checkpoint_is_the_file_system_layout_under_the_prefix_with_the_metadata_written_last()
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults);
        using var _ = client;
        var target = storage.BeginCheckpoint("job/with slash", 7);
        await target.WriteFileAsync("source-0-subtask-0", new byte[] { 1, 2, 3 }, default);
        await target.WriteFileAsync("source-0-subtask-1", new byte[] { 4 }, default);
        await target.CommitAsync(new byte[] { 9 }, default);

        var prefix = storage.Location["s3://checkpoints/".Length..];
        var keys = (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rverFixture.Bucket, Prefix = prefix + "/" })).S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal([$"{prefix}/job%2Fwith slash/chk-7/_metadata", $"{prefix}/job%2Fwith slash/chk-7/source-0-subtask-0", $"{prefix}/job%2Fwith slash/chk-7/source-0-subtask-1"], keys);
        Assert.Equal($"{storage.Location}/job%2Fwith slash/chk-7", target.Location);
        Assert.EndsWith("/chk-7/_metadata", faults.Seen.Last(r => r.StartsWith("PUT ", StringComparison.Ordinal)));
        var listed = Assert.Single(await storage.ListCheckpointsAsync("job/with slash"));
        Assert.Equal((7L, target.Location), (listed.CheckpointId, listed.Location));
        Assert.Equal(new byte[] { 1, 2, 3 }, await listed.ReadFileAsync("source-0-subtask-0", default));
        Assert.Null(await listed.ReadFileAsync("missing", default));
    }

    [Fact]
    public async Task Listing_is_newest_first_and_sees_incomplete_checkpoints_and_no_other_job()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        foreach (var id in new long[] { 2, 10, 9 })
        {
            var target = storage.BeginCheckpoint("a", id);
            await target.WriteFileAsync("f", new byte[] { 1 }, default);
            if (id != 10) await target.CommitAsync(new byte[] { 1 }, default);
        }
        await storage.BeginCheckpoint("ab", 11).WriteFileAsync("f", new byte[] { 1 }, default);

        Assert.Equal([10L, 9, 2], (await storage.ListCheckpointsAsync("a")).Select(c => c.CheckpointId));
        Assert.Empty(await storage.ListCheckpointsAsync("none"));
    }

    [Fact]
    public async Task A_file_or_metadata_that_exists_is_never_replaced()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var first = storage.BeginCheckpoint("j", 1);
        await first.WriteFileAsync("f", new byte[] { 1 }, default);
        await first.CommitAsync(new byte[] { 1 }, default);

        var late = storage.BeginCheckpoint("j", 1);
        await Assert.ThrowsAnyAsync<IOException>(() => late.WriteFileAsync("f", new byte[] { 2, 2 }, default));
        var error = await Assert.ThrowsAnyAsync<IOException>(() => late.CommitAsync(new byte[] { 2, 2 }, default));
        Assert.Contains("_metadata already exists", error.Message);
        await late.AbortAsync(default);

        var stored = storage.Open(first.Location);
        Assert.Equal(new byte[] { 1 }, await stored.ReadFileAsync("f", default));
        Assert.Equal(new byte[] { 1 }, await stored.ReadFileAsync(CheckpointTarget.MetadataFileName, default));
    }

    [Fact]
    public async Task Abort_removes_what_the_writer_wrote_and_leaves_a_committed_checkpoint_alone()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var aborted = storage.BeginCheckpoint("j", 1);
        await aborted.WriteFileAsync("f", new byte[] { 1 }, default);
        await aborted.AbortAsync(default);
        var committed = storage.BeginCheckpoint("j", 2);
        await committed.WriteFileAsync("f", new byte[] { 1 }, default);
        await committed.CommitAsync(new byte[] { 1 }, default);
        await committed.AbortAsync(default);

        var remaining = Assert.Single(await storage.ListCheckpointsAsync("j"));
        Assert.Equal(2, remaining.CheckpointId);
        Assert.NotNull(await remaining.ReadFileAsync(CheckpointTarget.MetadataFileName, default));
    }

    [Fact]
    public async Task Discard_deletes_the_metadata_first_then_every_object()
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults);
        using var _ = client;
        var target = storage.BeginCheckpoint("j", 3);
        await target.WriteFileAsync("a", new byte[] { 1 }, default);
        await target.WriteFileAsync("b", new byte[] { 1 }, default);
        await target.CommitAsync(new byte[] { 1 }, default);
        faults.ClearSeen();

        await storage.DiscardAsync(Assert.Single(await storage.ListCheckpointsAsync("j")));

        Assert.EndsWith("/chk-3/_metadata", faults.Seen.First(r => r.StartsWith("DELETE ", StringComparison.Ordinal)));
        Assert.Empty(await storage.ListCheckpointsAsync("j"));
    }

    [Fact]
    public async Task A_large_file_goes_up_in_parallel_parts_and_reads_back_whole()
    {
        var faults = new FaultInjector();
        using var storage = s3.Storage(out var client, faults, o => { o.MultipartThreshold = 64 * 1024; o.PartSize = 20 * 1024; });
        using var _ = client;
        var bytes = new byte[200 * 1024 + 17];
        new Random(5).NextBytes(bytes);
        // One part fails once on the way: retried on its own.
        faults.Arm(Fault.ServerError, r => r.RequestUri!.Query.Contains("partNumber=3", StringComparison.Ordinal));
        var target = storage.BeginCheckpoint("j", 1);
        await target.WriteFileAsync("big", bytes, default);

        Assert.Equal(bytes, await storage.Open(target.Location).ReadFileAsync("big", default));
        var parts = faults.Seen.Where(r => r.Contains("partNumber=", StringComparison.Ordinal)).ToList();
        Assert.Equal((11, 12), (parts.Distinct().Count(), parts.Count));
        Assert.Contains(faults.Seen, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("uploads", StringComparison.Ordinal));
        Assert.Equal(1, faults.Injected);
    }

    [Fact]
    public async Task Savepoints_under_an_s3_directory_are_self_contained_prefixes_found_by_job()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var directory = $"s3://{S3rverFixture.OtherBucket}/sp-{Guid.NewGuid():N}";
        var target = storage.BeginSavepoint(directory, "job", 4);
        await target.WriteFileAsync("f", new byte[] { 1 }, default);
        await target.CommitAsync(new byte[] { 2 }, default);
        await storage.BeginSavepoint(directory, "job-longer", 5).CommitAsync(new byte[] { 2 }, default);

        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(directory)}/savepoint-job-4-[0-9a-f]{{8}}$", target.Location);
        var found = Assert.Single(await storage.ListSavepointsAsync(directory, "job"));
        Assert.Equal((4L, target.Location), (found.CheckpointId, found.Location));
        var opened = storage.Open(target.Location);
        Assert.Equal(4, opened.CheckpointId);
        Assert.Equal(new byte[] { 2 }, await opened.ReadFileAsync(CheckpointTarget.MetadataFileName, default));
    }
}
