using System.CommandLine;

namespace Checkpointing.Tool.Locations;

/// <summary>
/// The places the paths of one command point to: <c>s3://bucket/prefix</c> paths in S3 (or the store
/// <c>--s3-endpoint</c> names), anything else a local folder. Built once per command; disposes the S3 client it made.
/// </summary>
internal sealed class Places(string? s3Endpoint, string? s3Region) : IDisposable
{
    public static readonly Option<string?> S3Endpoint = new("--s3-endpoint")
    {
        Description = "For s3:// paths: the endpoint of an S3-compatible store (e.g. http://127.0.0.1:9000); default Amazon S3. " +
                      "Credentials come from the AWS SDK's chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role.",
        Recursive = true,
    };

    public static readonly Option<string?> S3Region = new("--s3-region")
    {
        Description = "For s3:// paths: the AWS region (default: AWS_REGION or the SDK's profile; us-east-1 with --s3-endpoint).",
        Recursive = true,
    };

    private S3Folders? s3;

    public static Places From(ParseResult result) => new(result.GetValue(S3Endpoint), result.GetValue(S3Region));

    /// <summary>The kind of place <paramref name="path"/> is in, and its location there.</summary>
    public (Folders Folders, string Location) Resolve(string path)
    {
        if (!S3Folders.IsS3(path)) return (LocalFolders.Instance, LocalFolders.Instance.Normalize(path));
        var location = S3Folders.NormalizeLocation(path);
        return (S3(), location);
    }

    public void Dispose() => s3?.Dispose();

    private S3Folders S3() => s3 ??= new S3Folders(s3Endpoint, s3Region ?? (s3Endpoint is not null ? DefaultRegionForEndpoint() : null));

    /// <summary>S3-compatible stores ignore the region but requests are signed for one: the SDK's, else us-east-1.</summary>
    private static string DefaultRegionForEndpoint() =>
        Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
}
