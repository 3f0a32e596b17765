using Amazon.S3;
using Checkpointing.S3.Objects;
using Checkpointing.S3.Storage;

namespace Checkpointing.S3;

/// <summary>
/// Keeps checkpoints in Amazon S3 or an S3-compatible store, in the layout and bytes of
/// <see cref="FileSystemCheckpointStorage"/>: <c>s3://{bucket}/{prefix}/{job}/chk-{id}/</c> holds one object per
/// subtask file and a <c>_metadata</c> object written last, which is what makes the checkpoint complete. Savepoints
/// given an <c>s3://bucket/prefix</c> directory go to self-contained <c>savepoint-{job}-{id}-{8 hex}</c> prefixes
/// there; a folder copied into a bucket (or a prefix copied into a folder) restores unchanged. Runs with a job epoch
/// write <c>chk-{id}-e{epoch}/</c> and keep their claims under <c>{job}/_epochs/</c>, as create-only objects.
/// </summary>
public sealed class S3CheckpointStorage : CheckpointStorage, IDisposable
{
    private readonly IAmazonS3 client;
    private readonly bool ownsClient;
    private readonly ObjectStore store;
    private readonly S3Location root;

    /// <summary>
    /// Stores checkpoints under <c>s3://{bucket}/{prefix}</c> through <paramref name="client"/> (not disposed here),
    /// tuned by <paramref name="options"/> (uploads, retries, timeouts; its bucket and prefix are replaced by these).
    /// </summary>
    public S3CheckpointStorage(string bucket, string prefix, IAmazonS3 client, S3CheckpointStorageOptions? options = null)
        : this(With(options, bucket, prefix), client ?? throw new ArgumentNullException(nameof(client)), ownsClient: false)
    {
    }

    /// <summary>Stores checkpoints as <paramref name="options"/> say, through a client built from them with the SDK's credential chain (disposed with this storage).</summary>
    public S3CheckpointStorage(S3CheckpointStorageOptions options)
        : this(Validated(options), new AmazonS3Client(options.ToClientConfig()), ownsClient: true)
    {
    }

    // Options arrive validated: a client is built from them only after they passed.
    private S3CheckpointStorage(S3CheckpointStorageOptions options, IAmazonS3 client, bool ownsClient)
    {
        this.client = client;
        this.ownsClient = ownsClient;
        store = new ObjectStore(client, options.Clone());
        root = new S3Location(options.Bucket, options.Prefix);
    }

    /// <summary>The root, as <c>s3://bucket/prefix</c>.</summary>
    public string Location => root.ToString();

    /// <summary>Where checkpoint <paramref name="checkpointId"/> of job <paramref name="jobName"/> goes, as <c>s3://bucket/prefix/job/chk-id</c>.</summary>
    public string CheckpointLocation(string jobName, long checkpointId) => CheckpointFolder(jobName, checkpointId, 0).ToString();

    /// <inheritdoc />
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new S3CheckpointTarget(store, CheckpointFolder(jobName, checkpointId, 0));

    /// <inheritdoc />
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch) => new S3CheckpointTarget(store, CheckpointFolder(jobName, checkpointId, epoch));

    /// <inheritdoc />
    public override Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default) =>
        new S3EpochClaims(store, JobFolder(jobName)).TryClaimAsync(epoch, cancellationToken);

    /// <inheritdoc />
    public override Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default) =>
        new S3EpochClaims(store, JobFolder(jobName)).TryRecordRestoreAsync(epoch, restorePoint, cancellationToken);

    /// <inheritdoc />
    public override Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default) =>
        new S3EpochClaims(store, JobFolder(jobName)).ListAsync(cancellationToken);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        var job = JobFolder(jobName);
        var folders = await store.ListFoldersAsync(job.Bucket, job.Key(CheckpointListingPrefix), cancellationToken).ConfigureAwait(false);
        return Newest(folders, job.Bucket, name => CheckpointFolderName.IdOf(name) is { } id ? (id, CheckpointFolderName.EpochOf(name) ?? 0) : null);
    }

    /// <inheritdoc />
    public override async Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!S3Location.IsS3(checkpoint.Location))
            throw new ArgumentException($"'{checkpoint.Location}' is not a checkpoint of this S3 storage ({Location}); it only discards what it lists.", nameof(checkpoint));
        var folder = S3Location.Parse(checkpoint.Location);
        // Metadata first: from the first delete on, the checkpoint is incomplete, never a complete one missing objects.
        await store.DeleteAsync(folder.Bucket, folder.Key(CheckpointTarget.MetadataFileName), cancellationToken).ConfigureAwait(false);
        var keys = await store.ListKeysAsync(folder.Bucket, folder.Prefix + "/", cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(keys, cancellationToken, async (key, token) => await store.DeleteAsync(folder.Bucket, key, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// A savepoint under <paramref name="directory"/>: with an <c>s3://bucket/prefix</c> directory, a new prefix
    /// <c>savepoint-{job}-{id}-{8 hex}</c> there; with a folder path, a folder as the file system storage writes it.
    /// </summary>
    public override CheckpointTarget BeginSavepoint(string directory, string jobName, long checkpointId)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!S3Location.IsS3(directory)) return base.BeginSavepoint(directory, jobName, checkpointId);
        var folder = S3Location.Parse(directory).Child(SavepointName.New(jobName, checkpointId));
        return new S3CheckpointTarget(store, folder);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<StoredCheckpoint>> ListSavepointsAsync(string directory, string jobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!S3Location.IsS3(directory)) return await base.ListSavepointsAsync(directory, jobName, cancellationToken).ConfigureAwait(false);
        var location = S3Location.Parse(directory);
        var folders = await store.ListFoldersAsync(location.Bucket, location.Key(SavepointPrefix(jobName)), cancellationToken).ConfigureAwait(false);
        return Newest(folders, location.Bucket, name => SavepointName.IdOf(name, jobName) is var id and > 0 ? (id, 0L) : null);
    }

    /// <summary>A checkpoint or savepoint at <c>s3://bucket/prefix/&lt;chk-id or savepoint-…&gt;</c>, or at a folder path.</summary>
    public override StoredCheckpoint Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (!S3Location.IsS3(location)) return base.Open(location);
        var folder = S3Location.Parse(location);
        // A prefix renamed on the way names no id: 0, and the metadata tells (as for a renamed folder).
        return new S3StoredCheckpoint(store, folder, SavepointName.IdOf(folder.Name) ?? CheckpointFolderName.IdOf(folder.Name) ?? 0, CheckpointFolderName.EpochOf(folder.Name) ?? 0);
    }

    /// <summary>Disposes the client when this storage built it.</summary>
    public void Dispose()
    {
        if (ownsClient) client.Dispose();
    }

    private S3Location JobFolder(string jobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        return root.Child(SavepointName.SafeName(jobName));
    }

    private S3Location CheckpointFolder(string jobName, long checkpointId, long epoch) => JobFolder(jobName).Child(CheckpointFolderName.Of(checkpointId, epoch));

    // Key prefixes that list the names CheckpointFolderName and SavepointName give. "savepoint-{job}-" also matches
    // jobs whose names extend this one's; SavepointName.IdOf sorts those out.
    private const string CheckpointListingPrefix = "chk-";

    private static string SavepointPrefix(string jobName) => "savepoint-" + SavepointName.SafeName(jobName) + "-";

    private List<StoredCheckpoint> Newest(IReadOnlyList<string> folderPrefixes, string bucket, Func<string, (long Id, long Epoch)?> idOf)
    {
        var result = new List<StoredCheckpoint>();
        foreach (var prefix in folderPrefixes)
        {
            var folder = new S3Location(bucket, prefix);
            if (idOf(folder.Name) is { } named) result.Add(new S3StoredCheckpoint(store, folder, named.Id, named.Epoch));
        }
        result.Sort((a, b) => b.CheckpointId != a.CheckpointId ? b.CheckpointId.CompareTo(a.CheckpointId) : b.Epoch.CompareTo(a.Epoch));
        return result;
    }

    private static S3CheckpointStorageOptions With(S3CheckpointStorageOptions? options, string bucket, string prefix)
    {
        var result = options?.Clone() ?? new S3CheckpointStorageOptions();
        result.Bucket = bucket;
        result.Prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
        result.Validate();
        return result;
    }

    private static S3CheckpointStorageOptions Validated(S3CheckpointStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
