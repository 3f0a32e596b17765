using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>
/// Keeps checkpoints on the local file system (the embedded default): <c>{directory}/{job}/chk-{id}/</c>, each with
/// one file per subtask and a <c>_metadata</c> file written last; <c>chk-{id}-e{epoch}/</c> for runs with a job epoch,
/// whose claims are kept in <c>{directory}/{job}/_epochs/</c>.
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

    /// <summary>The folder of checkpoint <paramref name="checkpointId"/> of the run of job <paramref name="jobName"/> with job epoch <paramref name="epoch"/>.</summary>
    public string CheckpointPath(string jobName, long checkpointId, long epoch) => Path.Combine(JobFolder(jobName), CheckpointFolderName.Of(checkpointId, epoch));

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new CheckpointDirectory(CheckpointPath(jobName, checkpointId));

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch) => new CheckpointDirectory(CheckpointPath(jobName, checkpointId, epoch));

    /// <inheritdoc/>
    public override Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default) =>
        new EpochFiles(JobFolder(jobName)).TryClaimAsync(epoch, cancellationToken);

    /// <inheritdoc/>
    public override Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default) =>
        new EpochFiles(JobFolder(jobName)).TryRecordRestoreAsync(epoch, restorePoint, cancellationToken);

    /// <inheritdoc/>
    public override Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default) =>
        new EpochFiles(JobFolder(jobName)).ListAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        var folder = JobFolder(jobName);
        if (!System.IO.Directory.Exists(folder)) return Task.FromResult<IReadOnlyList<StoredCheckpoint>>([]);
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. System.IO.Directory.EnumerateDirectories(folder)
                .Select(path => (Path: path, Id: CheckpointFolderName.IdOf(Path.GetFileName(path)), Epoch: CheckpointFolderName.EpochOf(Path.GetFileName(path)) ?? 0))
                .Where(c => c.Id is not null)
                .OrderByDescending(c => c.Id).ThenByDescending(c => c.Epoch)
                .Select(c => new StoredFolder(c.Id!.Value, c.Path, c.Epoch)),
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
