namespace Checkpointing.Tool.Locations;

/// <summary>Checkpoints in local folders (a file system storage's root, a savepoint folder, or any folder above them).</summary>
internal sealed class LocalFolders : Folders
{
    public static readonly LocalFolders Instance = new();

    // Its root is never used: reads open a folder by its path, savepoints go under the folder they are given.
    public override CheckpointStorage Storage { get; } = new FileSystemCheckpointStorage(Path.GetTempPath());

    public override string What => "folder";

    public override string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.GetFileName(full) == CheckpointTarget.MetadataFileName && File.Exists(full) ? Path.GetDirectoryName(full)! : full;
    }

    public override Task<FolderListing?> ListAsync(string location, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(location)) return Task.FromResult<FolderListing?>(null);
        try
        {
            var folders = Directory.EnumerateDirectories(location).Order(StringComparer.Ordinal).ToList();
            var files = Directory.EnumerateFiles(location).Select(f => (Path.GetFileName(f), new FileInfo(f).Length)).ToList();
            return Task.FromResult<FolderListing?>(new FolderListing(folders, files));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be listed holds nothing the tool can read.
            return Task.FromResult<FolderListing?>(new FolderListing([], []));
        }
    }

    public override string Name(string location) => Path.GetFileName(location);

    public override string ParentName(string location) => Path.GetFileName(Path.GetDirectoryName(location)) ?? "";

    public override string Relative(string root, string location) => Path.GetRelativePath(root, location);
}
