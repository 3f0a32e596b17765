using Amazon.S3;
using Checkpointing.S3.Tests.Infrastructure;
using Checkpointing.S3.Tests.Jobs;
using CounterSample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Checkpointing.S3.Tests.Hosting;

/// <summary>
/// A hosted job configured for S3 from configuration: checkpoints and the shutdown savepoint go to the bucket, and
/// the next host restores that savepoint from it.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class HostedS3JobTests(S3rverFixture s3) : IDisposable
{
    private const string JobName = "hosted";
    private const int Parallelism = 2;
    private const long Records = 4_000;
    private readonly string output = Directory.CreateTempSubdirectory("s3-hosted-").FullName;
    private readonly string prefix = "hosted-" + Guid.NewGuid().ToString("N")[..8];

    [Fact(Timeout = 60_000)]
    public async Task A_host_stops_with_a_savepoint_in_the_bucket_and_the_next_host_restores_it()
    {
        string? savepoint;
        using (var host = BuildHost())
        {
            await host.StartAsync();
            var job = host.Services.GetRequiredKeyedService<CheckpointingJobService>(JobName);
            while (job.Client!.LatestCheckpointId < 2) await Task.Delay(20);
            await host.StopAsync();
            savepoint = job.ShutdownSavepoint;
            var checkpoints = await host.Services.GetRequiredService<S3CheckpointStorage>().ListCheckpointsAsync(JobName);
            Assert.NotEmpty(checkpoints);
            Assert.All(checkpoints, c => Assert.StartsWith($"s3://{S3rverFixture.Bucket}/{prefix}/{JobName}/chk-", c.Location));
        }
        Assert.StartsWith($"s3://{S3rverFixture.OtherBucket}/{prefix}/savepoint-{JobName}-", savepoint);

        using (var host = BuildHost())
        {
            var job = host.Services.GetRequiredKeyedService<CheckpointingJobService>(JobName);
            await host.RunAsync();
            Assert.Equal(JobStatus.Finished, (await job.Completion).Status);
            Assert.Equal(savepoint, job.RestoredFrom);
        }
        Assert.Equal((Parallelism * Records, 0L, 0L), Verification.Check(output, Parallelism, Records));
    }

    [Fact]
    public void A_configuration_value_that_does_not_parse_names_its_key()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checkpointing:S3:Bucket"] = "b",
            ["Checkpointing:S3:MaxAttempts"] = "many",
        }).Build().GetSection("Checkpointing:S3");

        var error = Assert.Throws<FormatException>(() => new ServiceCollection().AddS3CheckpointStorage(section));

        Assert.Contains("Checkpointing:S3:MaxAttempts", error.Message);
        Assert.Contains("'many'", error.Message);
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checkpointing:S3:Bucket"] = S3rverFixture.Bucket,
            ["Checkpointing:S3:Prefix"] = prefix,
            ["Checkpointing:S3:CheckAbsenceBeforeWrite"] = "true",
            ["Checkpointing:S3:RetryBaseDelay"] = "00:00:00.010",
        });
        // The client carries s3rver's endpoint and development credentials; the storage takes it from the container.
        builder.Services.AddSingleton<IAmazonS3>(_ => s3.Client());
        builder.Services.AddS3CheckpointStorage(builder.Configuration.GetSection("Checkpointing:S3"));
        builder.Services.AddCheckpointingJob(JobName, (env, provider) =>
        {
            env.UseS3CheckpointStorage(provider);
            env.Parallelism = Parallelism;
            env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
            env.AddSource(() => new PacedCounterSource(Records)).Uid("counter")
               .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");
        }, options => options.SavepointDirectory = $"s3://{S3rverFixture.OtherBucket}/{prefix}");
        return builder.Build();
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
