using Amazon.Runtime;
using Amazon.S3;
using Checkpointing;
using Checkpointing.S3;
using Checkpointing.S3.Testing;

namespace CounterSample;

/// <summary>
/// Where the sample keeps its checkpoints: local files by default; with <c>--s3</c> a private s3rver on a free
/// loopback port (started here, stopped on exit); with <c>--s3 s3://bucket/prefix</c> a real store, reached with the
/// SDK's credential chain, at <c>--s3-endpoint URL</c> for an S3-compatible one.
/// </summary>
internal sealed class CheckpointStorageChoice : IDisposable
{
    private const string SampleBucket = "counter-sample";
    private readonly List<IDisposable> owned = [];

    private CheckpointStorageChoice(CheckpointStorage storage, string description)
    {
        Storage = storage;
        Description = description;
    }

    public CheckpointStorage Storage { get; }

    public string Description { get; }

    public static CheckpointStorageChoice Create(string? s3Location, string? s3Endpoint, string localFolder)
    {
        if (s3Location is null && s3Endpoint is null) return new CheckpointStorageChoice(new FileSystemCheckpointStorage(localFolder), localFolder);
        if (s3Location is null)
            throw new ArgumentException("--s3-endpoint needs --s3 s3://bucket/prefix: say which bucket of that store to use.");
        if (s3Location.Length == 0)
        {
            var server = S3rverServer.Start(SampleBucket);
            var options = new S3CheckpointStorageOptions
            {
                Bucket = SampleBucket, Prefix = "checkpoints", ServiceUrl = server.ServiceUrl, Region = "us-east-1",
                CheckAbsenceBeforeWrite = true, // s3rver ignores If-None-Match
            };
            // s3rver's fixed development key pair, never a real credential.
            var client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), options.ToClientConfig());
            var choice = new CheckpointStorageChoice(new S3CheckpointStorage(options.Bucket, options.Prefix, client, options),
                $"s3://{SampleBucket}/checkpoints on a private s3rver at {server.ServiceUrl} (pid {server.ProcessId})");
            choice.owned.AddRange([client, server]);
            return choice;
        }
        var settings = S3CheckpointStorageOptions.ForLocation(s3Location);
        settings.ServiceUrl = s3Endpoint;
        var storage = new S3CheckpointStorage(settings);
        var real = new CheckpointStorageChoice(storage, storage.Location + (s3Endpoint is null ? "" : $" at {s3Endpoint}"));
        real.owned.Add(storage);
        return real;
    }

    public void Dispose()
    {
        foreach (var resource in Enumerable.Reverse(owned)) resource.Dispose();
    }
}
