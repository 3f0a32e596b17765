using Amazon.S3.Model;
using Checkpointing.S3.Tests.Infrastructure;
using Checkpointing.S3.Tests.Jobs;
using CounterSample;

namespace Checkpointing.S3.Tests.Savepoints;

/// <summary>
/// A savepoint is a self-contained folder or prefix with the same bytes either way: one taken to a folder and copied
/// into a bucket restores from the bucket, and one taken to a bucket and copied into a folder restores from the
/// folder. The job around it commits every record exactly once across the move.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class SavepointMoveTests(S3rverFixture s3) : IDisposable
{
    private const int Parallelism = 2;
    private const long Records = 4_000;
    private readonly string work = Directory.CreateTempSubdirectory("s3-savepoint-move-").FullName;

    [Fact(Timeout = 60_000)]
    public async Task Savepoint_copied_from_a_folder_into_a_bucket_restores()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var output = Path.Combine(work, "output");
        var folder = await RunThenStopWithSavepoint(new FileSystemCheckpointStorage(Path.Combine(work, "checkpoints")), Path.Combine(work, "savepoints"), output);

        var target = $"moved-{Guid.NewGuid():N}/{Path.GetFileName(folder)}";
        foreach (var file in Directory.GetFiles(folder))
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = S3rverFixture.OtherBucket, Key = target + "/" + Path.GetFileName(file), FilePath = file, UseChunkEncoding = false,
            });
        }
        var moved = $"s3://{S3rverFixture.OtherBucket}/{target}";

        var result = await Resume(storage, moved, output);

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal((Parallelism * Records, 0L, 0L), Verification.Check(output, Parallelism, Records));
    }

    [Fact(Timeout = 60_000)]
    public async Task Savepoint_copied_from_a_bucket_into_a_folder_restores()
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var output = Path.Combine(work, "output");
        var location = await RunThenStopWithSavepoint(storage, $"s3://{S3rverFixture.OtherBucket}/sp-{Guid.NewGuid():N}", output);
        Assert.StartsWith($"s3://{S3rverFixture.OtherBucket}/sp-", location);

        var prefix = location[$"s3://{S3rverFixture.OtherBucket}/".Length..];
        var folder = Path.Combine(work, "copied", prefix[(prefix.LastIndexOf('/') + 1)..]);
        Directory.CreateDirectory(folder);
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3rverFixture.OtherBucket, Prefix = prefix + "/" });
        Assert.Contains(listing.S3Objects, o => o.Key.EndsWith("/_metadata", StringComparison.Ordinal));
        foreach (var item in listing.S3Objects)
        {
            using var response = await client.GetObjectAsync(S3rverFixture.OtherBucket, item.Key);
            await using var file = File.Create(Path.Combine(folder, item.Key[(prefix.Length + 1)..]));
            await response.ResponseStream.CopyToAsync(file);
        }

        var result = await Resume(new FileSystemCheckpointStorage(Path.Combine(work, "checkpoints")), folder, output);

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal((Parallelism * Records, 0L, 0L), Verification.Check(output, Parallelism, Records));
    }

    private static async Task<string> RunThenStopWithSavepoint(CheckpointStorage storage, string savepoints, string output)
    {
        var job = await Environment(storage, output).StartAsync("mover");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (job.LatestCheckpointId < 2) await Task.Delay(20, deadline.Token);
        return await job.StopWithSavepointAsync(savepoints);
    }

    private static Task<JobResult> Resume(CheckpointStorage storage, string savepoint, string output) =>
        Environment(storage, output).RestoreFrom(savepoint).ExecuteAsync("mover").WaitAsync(TimeSpan.FromSeconds(30));

    private static StreamExecutionEnvironment Environment(CheckpointStorage storage, string output)
    {
        var env = new StreamExecutionEnvironment { Parallelism = Parallelism, CheckpointStorage = storage };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
        env.AddSource(() => new PacedCounterSource(Records)).Uid("counter")
           .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");
        return env;
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
