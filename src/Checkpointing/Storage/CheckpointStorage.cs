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
/// <item>Epoch claims and restore records are written once: a second claim of the same epoch, by any writer,
/// fails (<see cref="TryClaimEpochAsync"/> returns false), so of two runs that claim an epoch at once exactly one wins.</item>
/// </list>
/// <para>The runtime never calls a storage while it holds a checkpoint lock.</para>
/// </remarks>
public abstract class CheckpointStorage
{
    /// <summary>For implementations.</summary>
    protected CheckpointStorage() { }

    /// <summary>Starts writing checkpoint <paramref name="checkpointId"/> of <paramref name="jobName"/>. The runtime never reuses an id.</summary>
    public abstract CheckpointTarget BeginCheckpoint(string jobName, long checkpointId);

    /// <summary>
    /// Starts writing checkpoint <paramref name="checkpointId"/> of the run of <paramref name="jobName"/> with job epoch
    /// <paramref name="epoch"/> (see <see cref="StreamExecutionEnvironment.Epoch"/>): named <see cref="CheckpointFolderName.Of(long, long)"/>,
    /// and listed with that epoch. Epoch 0 is <see cref="BeginCheckpoint(string, long)"/>; a storage without epoch
    /// claims throws <see cref="NotSupportedException"/> for any other.
    /// </summary>
    public virtual CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch) =>
        epoch == 0 ? BeginCheckpoint(jobName, checkpointId) : throw EpochsNotSupported();

    /// <summary>The job's checkpoints, newest (highest id, then highest epoch) first, torn ones included: they are not verified here (loading tells).</summary>
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
    /// Claims job epoch <paramref name="epoch"/> (at least 1) of <paramref name="jobName"/>, write-once: true when this
    /// call created the claim, false when the epoch was claimed already, by anyone. Of concurrent claims of one epoch
    /// exactly one returns true. The runtime claims before it lists checkpoints to restore from.
    /// </summary>
    public virtual Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default) => throw EpochsNotSupported();

    /// <summary>
    /// Records, write-once, the restore record of epoch <paramref name="epoch"/>: the checkpoint or savepoint id its run
    /// restores from, <see cref="EpochClaim.NoRestorePoint"/>, or <see cref="EpochClaim.Superseded"/> (a later run
    /// marking a claim without a record). True when this call wrote it, false when the epoch already has one.
    /// </summary>
    public virtual Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default) => throw EpochsNotSupported();

    /// <summary>The job's epoch claims, lowest epoch first, each with its restore record if it has one. By default none: a storage without epoch claims.</summary>
    public virtual Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EpochClaim>>([]);

    private NotSupportedException EpochsNotSupported() =>
        new($"{GetType().Name} does not keep job epoch claims, so a run with an epoch above 0 cannot be fenced in it; run with epoch 0, or override " +
            $"{nameof(TryClaimEpochAsync)}, {nameof(TryRecordEpochRestoreAsync)}, {nameof(ListEpochClaimsAsync)} and BeginCheckpoint with an epoch.");

    /// <summary>
    /// The checkpoint or savepoint at <paramref name="location"/>: a <see cref="CheckpointTarget.Location"/> this
    /// storage returned, or by default any local folder that holds one (a savepoint copied from elsewhere).
    /// </summary>
    public virtual StoredCheckpoint Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var folder = Path.GetFullPath(location);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The savepoint or checkpoint folder '{folder}' does not exist.");
        var name = Path.GetFileName(folder);
        return new Storage.StoredFolder(SavepointName.IdOf(name) ?? CheckpointFolderName.IdOf(name) ?? 0, folder, CheckpointFolderName.EpochOf(name) ?? 0);
    }
}
