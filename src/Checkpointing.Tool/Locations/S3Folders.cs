using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Checkpointing.S3;
using Checkpointing.Tool.Cli;

namespace Checkpointing.Tool.Locations;

/// <summary>
/// Checkpoints under <c>s3://bucket/prefix</c>, in Amazon S3 or an S3-compatible store: read and written by
/// <see cref="S3CheckpointStorage"/>, listed here (a prefix's "subfolders" are its common prefixes up to the next '/').
/// One client for both, with the settings the storage uses and credentials from the SDK's chain.
/// </summary>
internal sealed class S3Folders : Folders, IDisposable
{
    private const string Scheme = "s3://";
    private readonly AmazonS3Client client;
    private (string Bucket, string KeyPrefix, List<(string Key, long Size)> Keys)? listed;

    public S3Folders(string? endpoint, string? region)
    {
        var options = new S3CheckpointStorageOptions { Bucket = "ckpt", Prefix = "", ServiceUrl = endpoint, Region = region };
        options.Validate();
        try
        {
            client = new AmazonS3Client(options.ToClientConfig());
        }
        catch (AmazonClientException e)
        {
            throw new UsageException($"s3:// paths need a region or an endpoint: give --s3-region (or set AWS_REGION), or --s3-endpoint for an S3-compatible store ({e.Message}).");
        }
        // Its bucket and prefix are only the root of checkpoints it would start; reads and savepoints name their own.
        Storage = new S3CheckpointStorage(options.Bucket, options.Prefix, client, options);
    }

    public static bool IsS3(string path) => path.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public override CheckpointStorage Storage { get; }

    public override string What => "prefix";

    public override string Normalize(string path) => NormalizeLocation(path);

    /// <summary><see cref="Normalize"/> before any client exists, so a malformed path is reported as that.</summary>
    public static string NormalizeLocation(string path)
    {
        var (bucket, prefix) = Parse(path);
        if (prefix == CheckpointTarget.MetadataFileName || prefix.EndsWith("/" + CheckpointTarget.MetadataFileName, StringComparison.Ordinal))
            prefix = prefix[..Math.Max(0, prefix.Length - CheckpointTarget.MetadataFileName.Length - 1)];
        return Format(bucket, prefix);
    }

    /// <remarks>
    /// Derived from every key under the prefix, listed without a delimiter: stores differ in how they report common
    /// prefixes of deeper keys (s3rver leaves out those with no object directly below them), every store lists keys
    /// the same way. The keys of the last prefix listed are kept, so the walk of <c>ckpt list</c> below a root is
    /// answered from one listing.
    /// </remarks>
    public override async Task<FolderListing?> ListAsync(string location, CancellationToken cancellationToken)
    {
        var (bucket, prefix) = Parse(location);
        var keyPrefix = prefix.Length == 0 ? "" : prefix + "/";
        if (listed is not { } cached || cached.Bucket != bucket || !keyPrefix.StartsWith(cached.KeyPrefix, StringComparison.Ordinal))
            listed = cached = (bucket, keyPrefix, await KeysAsync(bucket, keyPrefix, cancellationToken).ConfigureAwait(false));
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var files = new List<(string, long)>();
        foreach (var (key, size) in cached.Keys)
        {
            if (!key.StartsWith(keyPrefix, StringComparison.Ordinal)) continue;
            var rest = key[keyPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) files.Add((rest, size));
            else if (slash > 0) folders.Add(Format(bucket, keyPrefix + rest[..slash]));
        }
        return folders.Count == 0 && files.Count == 0 ? null : new FolderListing([.. folders], files);
    }

    private async Task<List<(string Key, long Size)>> KeysAsync(string bucket, string keyPrefix, CancellationToken cancellationToken)
    {
        var keys = new List<(string, long)>();
        string? continuation = null;
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await client.ListObjectsV2Async(new ListObjectsV2Request
                {
                    BucketName = bucket, Prefix = keyPrefix, ContinuationToken = continuation,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new UsageException($"{Format(bucket, "")}: no such bucket ({e.ErrorCode}).");
            }
            foreach (var item in page.S3Objects ?? []) keys.Add((item.Key, item.Size ?? 0));
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return keys;
    }

    public override string Name(string location)
    {
        var prefix = Parse(location).Prefix;
        return prefix[(prefix.LastIndexOf('/') + 1)..];
    }

    public override string ParentName(string location)
    {
        var prefix = Parse(location).Prefix;
        var last = prefix.LastIndexOf('/');
        return last < 0 ? "" : prefix[..last][(prefix[..last].LastIndexOf('/') + 1)..];
    }

    public override string Relative(string root, string location) =>
        location.StartsWith(root + "/", StringComparison.Ordinal) ? location[(root.Length + 1)..] : location;

    public void Dispose() => client.Dispose();

    /// <summary>Bucket and prefix of <c>s3://bucket/prefix</c>; an <see cref="ArgumentException"/> says what is wrong (a usage error).</summary>
    private static (string Bucket, string Prefix) Parse(string location)
    {
        var options = S3CheckpointStorageOptions.ForLocation(location);
        return (options.Bucket, options.Prefix);
    }

    private static string Format(string bucket, string prefix) => prefix.Length == 0 ? Scheme + bucket : Scheme + bucket + "/" + prefix;
}
