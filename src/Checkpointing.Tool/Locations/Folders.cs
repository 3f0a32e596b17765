namespace Checkpointing.Tool.Locations;

/// <summary>What one folder holds directly: its subfolders (as full locations) and its files with their lengths. Null when nothing is there at all.</summary>
internal sealed record FolderListing(IReadOnlyList<string> Folders, IReadOnlyList<(string Name, long Length)> Files)
{
    public bool HasFile(string name) => Files.Any(f => f.Name == name);
}

/// <summary>
/// One kind of place checkpoints are kept: local folders, or the prefixes of an S3 bucket. Locations are strings of
/// the form the storage's <see cref="CheckpointStorage.Open"/> accepts (a full path, or <c>s3://bucket/prefix</c>);
/// the folder walk of <c>ckpt list</c> and the checks of what a path holds work on every kind alike.
/// </summary>
internal abstract class Folders
{
    /// <summary>The storage that reads checkpoints there and writes savepoints there.</summary>
    public abstract CheckpointStorage Storage { get; }

    /// <summary>The location a path given on the command line names (a metadata file names its folder).</summary>
    public abstract string Normalize(string path);

    /// <summary>What <paramref name="location"/> holds directly, or null when nothing is stored there.</summary>
    public abstract Task<FolderListing?> ListAsync(string location, CancellationToken cancellationToken);

    /// <summary>The last segment of a location (a checkpoint's folder name).</summary>
    public abstract string Name(string location);

    /// <summary>The segment before the last (a checkpoint's job folder).</summary>
    public abstract string ParentName(string location);

    /// <summary><paramref name="location"/> relative to <paramref name="root"/>, for tables.</summary>
    public abstract string Relative(string root, string location);

    /// <summary>"folder" or "prefix", for messages.</summary>
    public abstract string What { get; }
}
