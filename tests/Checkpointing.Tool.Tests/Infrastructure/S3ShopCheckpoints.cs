using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Checkpointing.S3;
using Checkpointing.S3.Testing;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.Infrastructure;

/// <summary>
/// Real checkpoints and a savepoint that the shop job wrote at parallelism 2 into a private s3rver (started on a
/// loopback port for this fixture, stopped by its process id after the last test): checkpoints under
/// <c>s3://ckpt/jobs/shop/chk-&lt;id&gt;</c>, the savepoint under <c>s3://ckpt/jobs/savepoints/</c>.
/// </summary>
public sealed class S3ShopCheckpoints : IAsyncLifetime
{
    public const string Bucket = "ckpt";
    public const string Root = "s3://ckpt/jobs";

    private S3rverServer? server;

    public string Endpoint => Server.ServiceUrl;
    public AmazonS3Client Client { get; private set; } = null!;
    public S3CheckpointStorage Storage { get; private set; } = null!;
    public string Savepoint { get; private set; } = "";

    /// <summary>
    /// What the tool's process sees: s3rver's fixed development key pair (it checks signatures against it, never a
    /// real credential) in the SDK's standard variables, and nothing else of the machine's AWS setup.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_REGION"] = null,
        ["AWS_DEFAULT_REGION"] = null,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    private S3rverServer Server => server ?? throw new InvalidOperationException("s3rver is not started");

    /// <summary>Storage settings for this server, under <paramref name="prefix"/>.</summary>
    public S3CheckpointStorageOptions Options(string prefix) => new()
    {
        Bucket = Bucket,
        Prefix = prefix,
        ServiceUrl = Endpoint,
        Region = "us-east-1",
        CheckAbsenceBeforeWrite = true,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A storage on this server under a fresh prefix (for a job restored from what the tool wrote).</summary>
    public S3CheckpointStorage FreshStorage() => new(Bucket, "t-" + Guid.NewGuid().ToString("N")[..12], Client, Options("unused"));

    /// <summary>A copy of the savepoint under a fresh prefix, with <paramref name="damage"/> applied to the named file's bytes.</summary>
    public async Task<string> CopyOfSavepointAsync(string file, Func<byte[], byte[]> damage)
    {
        var source = Savepoint[$"s3://{Bucket}/".Length..];
        var target = $"damaged-{Guid.NewGuid():N}"[..20] + source[source.LastIndexOf('/')..];
        var listing = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = source + "/" });
        foreach (var item in listing.S3Objects)
        {
            using var response = await Client.GetObjectAsync(Bucket, item.Key);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer);
            var name = item.Key[(source.Length + 1)..];
            var bytes = name == file ? damage(buffer.ToArray()) : buffer.ToArray();
            await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"{target}/{name}", InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
        }
        return $"s3://{Bucket}/{target}";
    }

    public async Task InitializeAsync()
    {
        server = S3rverServer.Start(Bucket);
        var options = Options("jobs");
        Client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), options.ToClientConfig());
        Storage = new S3CheckpointStorage(options.Bucket, options.Prefix, Client, options);
        Savepoint = await ShopJob.RunAndStopWithSavepointAsync(2, Storage, Root + "/savepoints");
    }

    public Task DisposeAsync()
    {
        Storage?.Dispose();
        Client?.Dispose();
        server?.Dispose();
        return Task.CompletedTask;
    }
}
