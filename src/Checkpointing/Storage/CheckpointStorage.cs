namespace Checkpointing;

/// <summary>
/// Where checkpoints and savepoints are kept. Built in: <see cref="FileSystemCheckpointStorage"/> (the embedded
/// default) and <see cref="InMemoryCheckpointStorage"/>; other packages add their own (an object store, say).
/// </summary>
/// <remarks>
/// <para>What an implementation must guarantee, checked by the contract suite of the <c>Checkpointing.Testing</c>
/// package (src/Checkpointing.Testing/StorageContract.cs):</para>
/// <list type="bullet">
/// <item>A checkpoint is written as state files first, then one metadata file, last. It is complete exactly when
/// its metadata exists; the metadata appears atomically (whole or not at all).</item>
/// <item>Nothing is ever overwritten: writing a file or metadata that already exists fails with an
/// <see cref="IOException"/>, so a failed or late writer never replaces a good checkpoint.</item>
/// <item>Torn writes are detectable: the runtime checks every file against the length and checksum the metadata
/// lists, so a storage needs no checksums of its own, only to return exactly the bytes written or none.</item>
/// <item><see cref="DiscardAsync"/> removes the metadata first, so a half-deleted checkpoint never looks complete.</item>
/// </list>
/// <para>The runtime never calls a storage while it holds a checkpoint lock.</para>
/// </remarks>
public abstract class CheckpointStorage
{
    /// <summary>For implementations.</summary>
    protected CheckpointStorage() { }

    /// <summary>Starts writing checkpoint <paramref name="checkpointId"/> of <paramref name="jobName"/>. The runtime never reuses an id.</summary>
    public abstract CheckpointTarget BeginCheckpoint(string jobName, long checkpointId);

    /// <summary>The job's checkpoints, newest first, torn ones included: they are not verified here (loading tells).</summary>
    public abstract Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default);

    /// <summary>Deletes one checkpoint, its metadata first (retention, or a torn checkpoint).</summary>
    public abstract Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts writing a savepoint of <paramref name="jobName"/> into a new, self-contained location under
    /// <paramref name="directory"/>, named by <see cref="SavepointName"/>. By default <paramref name="directory"/> is
    /// a local folder; a storage may also accept locations of its own (an <c>s3://</c> URI, say).
    /// </summary>
    public virtual CheckpointTarget BeginSavepoint(string directory, string jobName, long checkpointId)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new Storage.CheckpointDirectory(Path.Combine(directory, SavepointName.New(jobName, checkpointId)));
    }

    /// <summary>The job's savepoints under <paramref name="directory"/>, newest first, not verified.</summary>
    public virtual Task<IReadOnlyList<StoredCheckpoint>> ListSavepointsAsync(string directory, string jobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory)) return Task.FromResult<IReadOnlyList<StoredCheckpoint>>([]);
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. Directory.EnumerateDirectories(directory)
                .Select(path => (Path: Path.GetFullPath(path), Id: SavepointName.IdOf(Path.GetFileName(path), jobName)))
                .Where(c => c.Id > 0)
                .OrderByDescending(c => c.Id)
                .Select(c => new Storage.StoredFolder(c.Id, c.Path)),
        ];
        return Task.FromResult(found);
    }

    /// <summary>
    /// The checkpoint or savepoint at <paramref name="location"/>: a <see cref="CheckpointTarget.Location"/> this
    /// storage returned, or by default any local folder that holds one (a savepoint copied from elsewhere).
    /// </summary>
    public virtual StoredCheckpoint Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var folder = Path.GetFullPath(location);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The savepoint or checkpoint folder '{folder}' does not exist.");
        return new Storage.StoredFolder(SavepointName.IdOf(Path.GetFileName(folder)) ?? CheckpointFolderName.IdOf(Path.GetFileName(folder)) ?? 0, folder);
    }
}
