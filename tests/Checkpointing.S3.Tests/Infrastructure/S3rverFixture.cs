using Amazon.Runtime;
using Amazon.S3;
using Checkpointing.S3.Testing;

namespace Checkpointing.S3.Tests.Infrastructure;

/// <summary>One private s3rver for all S3 tests (started once, stopped after the last), with the bucket they share; each test works under its own prefix.</summary>
public sealed class S3rverFixture : IDisposable
{
    public const string Bucket = "checkpoints";
    public const string OtherBucket = "savepoints";

    /// <summary>s3rver's fixed development key pair (it checks signatures against it); never a real credential.</summary>
    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("S3RVER", "S3RVER");

    public S3rverFixture() => Server = S3rverServer.Start(Bucket, OtherBucket);

    public S3rverServer Server { get; }

    /// <summary>Settings for a storage against this server: quick retries, small parts so multipart runs on small state.</summary>
    public S3CheckpointStorageOptions Options(string prefix) => new()
    {
        Bucket = Bucket,
        Prefix = prefix,
        ServiceUrl = Server.ServiceUrl,
        Region = "us-east-1",
        CheckAbsenceBeforeWrite = true,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A client for this server; with <paramref name="faults"/>, every request passes through it first.</summary>
    public AmazonS3Client Client(FaultInjector? faults = null)
    {
        var config = Options("unused").ToClientConfig();
        if (faults is not null) config.HttpClientFactory = new FaultInjectingHttpClientFactory(faults);
        return new AmazonS3Client(Credentials, config);
    }

    /// <summary>A storage under a fresh prefix of <see cref="Bucket"/>.</summary>
    public S3CheckpointStorage Storage(out AmazonS3Client client, FaultInjector? faults = null, Action<S3CheckpointStorageOptions>? tune = null)
    {
        client = Client(faults);
        var options = Options("t-" + Guid.NewGuid().ToString("N")[..12]);
        tune?.Invoke(options);
        return new S3CheckpointStorage(options.Bucket, options.Prefix, client, options);
    }

    public void Dispose() => Server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
