using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>
/// Keeps checkpoints on the local file system (the embedded default): <c>{directory}/{job}/chk-{id}/</c>, each with
/// one file per subtask and a <c>_metadata</c> file written last.
/// </summary>
public sealed class FileSystemCheckpointStorage : CheckpointStorage
{
    /// <summary>Stores checkpoints under <paramref name="directory"/> (created when needed).</summary>
    public FileSystemCheckpointStorage(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The root folder.</summary>
    public string Directory { get; }

    /// <summary>The folder of checkpoint <paramref name="checkpointId"/> of job <paramref name="jobName"/>.</summary>
    public string CheckpointPath(string jobName, long checkpointId) => Path.Combine(JobFolder(jobName), CheckpointFolderName.Of(checkpointId));

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new CheckpointDirectory(CheckpointPath(jobName, checkpointId));

    /// <inheritdoc/>
    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        var folder = JobFolder(jobName);
        if (!System.IO.Directory.Exists(folder)) return Task.FromResult<IReadOnlyList<StoredCheckpoint>>([]);
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. System.IO.Directory.EnumerateDirectories(folder)
                .Select(path => (Path: path, Id: CheckpointFolderName.IdOf(Path.GetFileName(path))))
                .Where(c => c.Id is not null)
                .OrderByDescending(c => c.Id)
                .Select(c => new StoredFolder(c.Id!.Value, c.Path)),
        ];
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckpointDirectory.Delete(checkpoint.Location);
        return Task.CompletedTask;
    }

    private string JobFolder(string jobName) => Path.Combine(Directory, SavepointName.SafeName(jobName));
}
