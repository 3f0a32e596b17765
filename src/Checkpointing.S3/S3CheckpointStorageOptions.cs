using Amazon.Runtime;
using Amazon.S3;

namespace Checkpointing.S3;

/// <summary>
/// Where and how <see cref="S3CheckpointStorage"/> writes. No credentials here: a client built from these options
/// takes them from the SDK's normal chain (environment, profile, instance role); for anything else inject a client.
/// </summary>
public sealed class S3CheckpointStorageOptions
{
    /// <summary>Options for checkpoints under <paramref name="location"/>, written <c>s3://bucket/prefix</c>; an <see cref="ArgumentException"/> says what is wrong with it.</summary>
    public static S3CheckpointStorageOptions ForLocation(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var parsed = Objects.S3Location.Parse(location);
        return new S3CheckpointStorageOptions { Bucket = parsed.Bucket, Prefix = parsed.Prefix };
    }

    /// <summary>The bucket that holds the checkpoints (required).</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Key prefix under which jobs' checkpoints go, without leading or trailing '/' (may be empty): keys are <c>{Prefix}/{job}/chk-{id}/{file}</c>.</summary>
    public string Prefix { get; set; } = "checkpoints";

    /// <summary>Endpoint of an S3-compatible store (e.g. http://127.0.0.1:9000); null for Amazon S3 itself, located by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region (e.g. eu-west-1); null to take it from the SDK's chain. Also the signing region of a <see cref="ServiceUrl"/>.</summary>
    public string? Region { get; set; }

    /// <summary>Path-style addressing (endpoint/bucket/key), which most S3-compatible stores need. Default: true when <see cref="ServiceUrl"/> is set.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Files of at least this many bytes are sent as a multipart upload. Default 16 MiB.</summary>
    public int MultipartThreshold { get; set; } = 16 * 1024 * 1024;

    /// <summary>Part size of a multipart upload (Amazon S3 requires at least 5 MiB for all parts but the last). Default 8 MiB.</summary>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Requests in flight at once across all checkpoints of this storage (uploads of different subtask files and parts
    /// run in parallel up to this). Bytes are sent from the checkpoint's own buffers, never copied, so memory stays
    /// what the snapshot already holds. Default 16.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>Attempts per request; throttling (429, SlowDown), 5xx answers, cut connections and timed-out attempts are retried with exponential backoff and jitter. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Backoff before the second attempt; doubled for each further one, capped at 5 s. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Time one attempt of one request may take before it is given up and retried. Default 30 s. The whole checkpoint is bounded by the job's checkpoint timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every object is created with <c>If-None-Match: *</c>, so a store that supports conditional writes refuses to
    /// replace a key. Stores that ignore the header (s3rver, older servers) would overwrite silently; for them set
    /// this to true and each write first checks with a HEAD request that the key is absent. Correctness never rests
    /// on either: checkpoint ids are never reused, and a restore trusts only metadata whose listed objects exist with
    /// the recorded lengths and checksums. Default false.
    /// </summary>
    public bool CheckAbsenceBeforeWrite { get; set; }

    /// <summary>
    /// A client configuration with the settings this storage needs against S3-compatible stores: the endpoint and
    /// region, path-style addressing, checksums only where an operation requires them (many compatible stores reject
    /// or mis-store the SDK's default trailing checksums), and no SDK-level retries (the storage retries itself, so
    /// the attempts do not multiply).
    /// </summary>
    public AmazonS3Config ToClientConfig()
    {
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
            Timeout = RequestTimeout,
        };
        if (Region is not null) config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        if (ServiceUrl is not null)
        {
            config.ServiceURL = ServiceUrl;
            if (Region is not null) config.AuthenticationRegion = Region;
        }
        config.ForcePathStyle = ForcePathStyle ?? ServiceUrl is not null;
        return config;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket)) throw new ArgumentException("S3 checkpoint storage needs a bucket (S3CheckpointStorageOptions.Bucket is empty).");
        if (Prefix.StartsWith('/') || Prefix.EndsWith('/')) throw new ArgumentException($"S3 checkpoint storage prefix '{Prefix}' must not start or end with '/'.");
        if (ServiceUrl is not null && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _)) throw new ArgumentException($"S3 checkpoint storage service URL '{ServiceUrl}' is not an absolute URL.");
        Positive(MultipartThreshold, nameof(MultipartThreshold));
        Positive(PartSize, nameof(PartSize));
        Positive(MaxConcurrentRequests, nameof(MaxConcurrentRequests));
        Positive(MaxAttempts, nameof(MaxAttempts));
        if (RetryBaseDelay < TimeSpan.Zero) throw new ArgumentException($"S3 checkpoint storage RetryBaseDelay must not be negative (is {RetryBaseDelay}).");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException($"S3 checkpoint storage RequestTimeout must be positive (is {RequestTimeout}).");
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentException($"S3 checkpoint storage {name} must be positive (is {value}).");
    }

    internal S3CheckpointStorageOptions Clone() => (S3CheckpointStorageOptions)MemberwiseClone();
}
