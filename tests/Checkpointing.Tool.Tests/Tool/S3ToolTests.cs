using System.Collections.Concurrent;
using Amazon.S3.Model;
using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.Tool;

/// <summary>
/// The ckpt tool as a process on s3:// paths: checkpoints and a savepoint a real job wrote into a private s3rver,
/// read with <c>--s3-endpoint</c> and the SDK's standard credential variables, as a user would point it at a bucket.
/// </summary>
public sealed class S3ToolTests(S3ShopCheckpoints s3) : IClassFixture<S3ShopCheckpoints>
{
    [Fact]
    public async Task List_finds_the_checkpoints_and_the_savepoint_in_the_bucket_complete_or_torn()
    {
        // A checkpoint whose metadata never arrived: one state object and nothing else.
        var torn = "jobs/shop/chk-999999/source-0-subtask-0";
        await s3.Client.PutObjectAsync(new PutObjectRequest { BucketName = S3ShopCheckpoints.Bucket, Key = torn, ContentBody = "partial", UseChunkEncoding = false });
        try
        {
            var run = await CkptAsync("list", S3ShopCheckpoints.Root, "--json");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(S3ShopCheckpoints.Root, run.Json["directory"]!.GetValue<string>());
            var entries = run.Json["checkpoints"]!.AsArray();
            var savepoint = Assert.Single(entries, e => e!["kind"]!.GetValue<string>() == "savepoint")!;
            Assert.Equal(s3.Savepoint, savepoint["location"]!.GetValue<string>());
            Assert.True(savepoint["complete"]!.GetValue<bool>());
            var stored = (await s3.Storage.ListCheckpointsAsync(ShopJob.Name)).Where(c => c.CheckpointId != 999999).Select(c => c.CheckpointId).ToList();
            var complete = entries.Where(e => e!["kind"]!.GetValue<string>() == "checkpoint" && e["complete"]!.GetValue<bool>()).ToList();
            Assert.True(complete.Count >= 2, run.ToString());
            Assert.All(complete, e => Assert.Contains(e!["checkpointId"]!.GetValue<long>(), stored));
            Assert.All(complete, e => Assert.Equal($"{S3ShopCheckpoints.Root}/shop/chk-{e!["checkpointId"]}", e["location"]!.GetValue<string>()));
            var broken = Assert.Single(entries, e => !e!["complete"]!.GetValue<bool>())!;
            Assert.Equal(999999, broken["checkpointId"]!.GetValue<long>());
            Assert.Equal(ShopJob.Name, broken["job"]!.GetValue<string>());
            Assert.Contains("never completed", broken["problem"]!.GetValue<string>());

            var table = await CkptAsync("list", S3ShopCheckpoints.Root);
            Assert.True(table.ExitCode == 0, table.ToString());
            Assert.Contains("shop/chk-999999", table.Output);
            Assert.Contains("torn", table.Output);
        }
        finally
        {
            await s3.Client.DeleteObjectAsync(S3ShopCheckpoints.Bucket, torn);
        }
    }

    [Fact]
    public async Task Verify_exits_0_for_a_checkpoint_in_the_bucket_1_for_a_damaged_copy_and_2_for_an_empty_prefix()
    {
        var checkpoint = (await s3.Storage.ListCheckpointsAsync(ShopJob.Name)).First(c => c.CheckpointId != 999999);
        var intact = await CkptAsync("verify", checkpoint.Location, "--json");
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.True(intact.Json["intact"]!.GetValue<bool>());
        Assert.Equal(checkpoint.Location, intact.Json["location"]!.GetValue<string>());
        Assert.Equal(checkpoint.CheckpointId, intact.Json["checkpointId"]!.GetValue<long>());
        Assert.Equal("checkpoint", intact.Json["kind"]!.GetValue<string>());
        // The library loads the same checkpoint by job and id from the same storage.
        var byId = await SavepointReader.LoadAsync(s3.Storage, ShopJob.Name, checkpoint.CheckpointId);
        Assert.Equal(byId.Size, intact.Json["bytes"]!.GetValue<long>());
        Assert.Equal(byId.Operators.Sum(o => o.UnitCount), intact.Json["units"]!.GetValue<long>());

        var text = await CkptAsync("verify", s3.Savepoint + "/_metadata", "--s3-region", "us-east-1");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("intact " + s3.Savepoint, text.Output);

        var damaged = await s3.CopyOfSavepointAsync("source-0-subtask-1", bytes => { bytes[bytes.Length / 2] ^= 0xFF; return bytes; });
        var report = await CkptAsync("verify", damaged, "--json");
        Assert.True(report.ExitCode == 1, report.ToString());
        Assert.False(report.Json["intact"]!.GetValue<bool>());
        Assert.Equal("source-0-subtask-1", report.Json["file"]!.GetValue<string>());
        Assert.Contains("checksum", report.Json["reason"]!.GetValue<string>());

        var empty = await CkptAsync("verify", $"s3://{S3ShopCheckpoints.Bucket}/nothing-here/chk-1");
        Assert.True(empty.ExitCode == 2, empty.ToString());
        Assert.Contains("nothing is stored", empty.Error);
        var noBucket = await CkptAsync("verify", "s3://no-such-bucket/x");
        Assert.True(noBucket.ExitCode == 2, noBucket.ToString());
        Assert.Contains("no such bucket", noBucket.Error);
    }

    [Fact]
    public async Task Show_json_prints_the_units_the_job_wrote_to_the_bucket()
    {
        var run = await CkptAsync("show", s3.Savepoint, "--operator", ShopJob.SourceUid, "--state", "owned", "--json", "--limit", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(s3.Savepoint, run.Json["location"]!.GetValue<string>());
        Assert.Equal("savepoint", run.Json["kind"]!.GetValue<string>());
        var op = Assert.Single(run.Json["operators"]!.AsArray())!;
        Assert.Equal(2, op["parallelism"]!.GetValue<int>());
        var state = Assert.Single(op["states"]!.AsArray())!;
        Assert.Equal(["Id", "Offset"], state["layouts"]![0]!["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        // What the tool decoded without the job's assembly is what the job's own formatter reads.
        var expected = (await SavepointReader.LoadAsync(s3.Storage, s3.Savepoint)).ReadState<Partition>(ShopJob.SourceUid, "owned");
        var shown = state["subtasks"]!.AsArray().SelectMany(s => s!["values"]!.AsArray())
            .Select(v => new Partition(v!["Id"]!.GetValue<int>(), v["Offset"]!.GetValue<long>())).ToList();
        Assert.Equal(expected, shown);
        Assert.All(shown, p => Assert.True(p.Offset > 0, "the job ran before the savepoint"));
    }

    [Fact]
    public async Task Rescale_writes_a_savepoint_into_the_bucket_that_a_job_restores()
    {
        var run = await CkptAsync("rescale", s3.Savepoint, "--parallelism", "3", "--merged", "epoch", "--output", S3ShopCheckpoints.Root + "/rescaled", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = run.Json["savepoint"]!.GetValue<string>();
        Assert.StartsWith(S3ShopCheckpoints.Root + "/rescaled/savepoint-shop-", written);
        var diff = await CkptAsync("diff", s3.Savepoint, written, "--json");
        Assert.True(diff.ExitCode == 0, diff.ToString());
        var parallelism = Assert.Single(diff.Json["changes"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "parallelism")!;
        Assert.Equal(3, parallelism["after"]!.GetValue<int>());

        var offsets = (await SavepointReader.LoadAsync(s3.Storage, written)).ReadState<Partition>(ShopJob.SourceUid, "owned").ToDictionary(p => p.Id, p => p.Offset);
        using var storage = s3.FreshStorage();
        var received = new ConcurrentQueue<Partition>();
        var env = ShopJob.Environment(3, storage, received, limit: offsets.Values.Max() + 3, pace: TimeSpan.Zero);
        env.RestoreFrom(written);
        var result = await env.ExecuteAsync(ShopJob.Name).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        foreach (var group in received.GroupBy(p => p.Id))
            Assert.Equal(offsets[group.Key], group.Min(p => p.Offset));
        Assert.Equal(8, received.Select(p => p.Id).Distinct().Count());
    }

    private Task<ToolRun> CkptAsync(params string[] args) => Ckpt.RunAsync(s3.Environment, [.. args, "--s3-endpoint", s3.Endpoint]);
}
