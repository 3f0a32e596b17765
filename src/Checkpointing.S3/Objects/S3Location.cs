namespace Checkpointing.S3.Objects;

/// <summary>
/// A "folder" in a bucket: <c>s3://bucket/key/prefix</c>, the form locations of checkpoints and savepoints take.
/// <see cref="Prefix"/> has no leading or trailing '/'; a file of the folder is <c>{Prefix}/{name}</c>.
/// </summary>
internal readonly record struct S3Location(string Bucket, string Prefix)
{
    private const string Scheme = "s3://";

    public static bool IsS3(string location) => location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static S3Location Parse(string location)
    {
        if (!IsS3(location)) throw new ArgumentException($"'{location}' is not an S3 location (s3://bucket/prefix).", nameof(location));
        var rest = location[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0) throw new ArgumentException($"'{location}' names no bucket (s3://bucket/prefix).", nameof(location));
        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..].Trim('/'));
    }

    /// <summary>The folder <paramref name="name"/> inside this one.</summary>
    public S3Location Child(string name) => this with { Prefix = Key(name) };

    /// <summary>The key of <paramref name="name"/> inside this folder.</summary>
    public string Key(string name) => Prefix.Length == 0 ? name : Prefix + "/" + name;

    /// <summary>The last segment of the prefix (a checkpoint's folder name).</summary>
    public string Name => Prefix[(Prefix.LastIndexOf('/') + 1)..];

    public override string ToString() => Prefix.Length == 0 ? Scheme + Bucket : Scheme + Bucket + "/" + Prefix;
}
