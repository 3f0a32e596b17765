using Checkpointing.Tool.Locations;

namespace Checkpointing.Tool.Cli;

/// <summary>
/// Loads the checkpoint a command was given, from a local folder or an <c>s3://</c> prefix, telling a wrong path (a
/// usage error: nothing there, or not a checkpoint at all) from a checkpoint that is torn or damaged (exit code 1).
/// </summary>
internal static class CheckpointPath
{
    public static async Task<SavepointReader> LoadAsync(Places places, string path, IProgress<SavepointProgress>? progress, CancellationToken cancellationToken)
    {
        var (folders, location) = places.Resolve(path);
        var listing = await folders.ListAsync(location, cancellationToken).ConfigureAwait(false)
            ?? throw new UsageException(folders is LocalFolders
                ? $"{location}: no such folder; give the folder of a checkpoint (chk-<id>) or a savepoint."
                : $"{location}: nothing is stored under this prefix; give the prefix of a checkpoint (chk-<id>) or a savepoint.");
        if (!LooksLikeCheckpoint(folders.Name(location), listing))
            throw new UsageException($"{location}: not a checkpoint or savepoint {folders.What} (no {CheckpointTarget.MetadataFileName}, no state files); 'ckpt list {path}' finds the checkpoints under it.");
        return await SavepointReader.LoadAsync(folders.Storage, location, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A checkpoint or savepoint, complete or torn, as <c>ckpt list</c> finds them: named like one or holding its metadata.</summary>
    public static bool IsCheckpointFolder(string name, FolderListing listing) =>
        listing.HasFile(CheckpointTarget.MetadataFileName) || CheckpointFolderName.IdOf(name) is not null || SavepointName.IdOf(name) is not null;

    /// <summary>A checkpoint, complete or torn: named like one, or holding its metadata or state files.</summary>
    private static bool LooksLikeCheckpoint(string name, FolderListing listing) =>
        IsCheckpointFolder(name, listing) || listing.Files.Any(f => f.Name.Contains("-subtask-", StringComparison.Ordinal));
}
