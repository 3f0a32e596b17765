namespace Checkpointing.Tool.Cli;

/// <summary>
/// Loads the checkpoint a command was given, telling a wrong path (a usage error: not a checkpoint at all) from a
/// checkpoint that is torn or damaged (exit code 1).
/// </summary>
internal static class CheckpointPath
{
    public static SavepointReader Load(string path, IProgress<SavepointProgress>? progress = null)
    {
        var folder = Folder(path);
        if (Directory.Exists(folder) && !LooksLikeCheckpoint(folder))
            throw new UsageException($"{folder}: not a checkpoint or savepoint folder (no {CheckpointTarget.MetadataFileName}, no state files); 'ckpt list {path}' finds the checkpoints under it.");
        return SavepointReader.Load(folder, progress);
    }

    /// <summary>The folder a path names: itself, or the folder of a <c>_metadata</c> file.</summary>
    public static string Folder(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.GetFileName(full) == CheckpointTarget.MetadataFileName && File.Exists(full) ? Path.GetDirectoryName(full)! : full;
    }

    /// <summary>A checkpoint, complete or torn: named like one, or holding its metadata or state files.</summary>
    private static bool LooksLikeCheckpoint(string folder)
    {
        var name = Path.GetFileName(folder);
        return CheckpointFolderName.IdOf(name) is not null || SavepointName.IdOf(name) is not null
            || File.Exists(Path.Combine(folder, CheckpointTarget.MetadataFileName))
            || Directory.EnumerateFiles(folder, "*-subtask-*").Any();
    }
}
