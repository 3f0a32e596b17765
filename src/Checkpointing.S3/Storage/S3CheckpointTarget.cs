using System.Collections.Concurrent;
using Checkpointing.S3.Objects;

namespace Checkpointing.S3.Storage;

/// <summary>
/// Writes one checkpoint into a bucket folder. An object store has no rename, so completion is the <c>_metadata</c>
/// object itself: the runtime calls <see cref="CommitAsync"/> only after every state object's write has returned
/// (each put is durable when S3 answers it), and until that object exists the folder is an incomplete checkpoint
/// that listing may show but loading rejects. A crash at any request leaves either no metadata or a complete
/// checkpoint; metadata naming a missing or different object is caught by the core's length and checksum check.
/// </summary>
internal sealed class S3CheckpointTarget(ObjectStore store, S3Location folder) : CheckpointTarget
{
    // Keys this writer created or may have created (a put whose answer was lost), so an abort removes exactly those.
    private readonly ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<(string Key, string UploadId)> multipartUploads = [];
    private volatile bool committed;

    public override string Location => folder.ToString();

    public override async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (committed) throw new InvalidOperationException($"Checkpoint {Location} is already committed; no file can be added to it.");
        await CreateAsync(folder.Key(name), bytes, cancellationToken).ConfigureAwait(false);
    }

    public override async Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
    {
        // A second commit finds the metadata key taken, like any other replacement: IOException.
        await CreateAsync(folder.Key(MetadataFileName), metadata, cancellationToken).ConfigureAwait(false);
        committed = true;
    }

    /// <summary>
    /// Removes what this writer wrote, metadata first (a commit whose answer was lost may have landed), so a
    /// half-removed checkpoint never looks complete. A committed checkpoint, and objects found already there
    /// (someone else's), are left alone.
    /// </summary>
    public override async Task AbortAsync(CancellationToken cancellationToken)
    {
        if (committed) return;
        var metadataKey = folder.Key(MetadataFileName);
        if (written.TryRemove(metadataKey, out _)) await store.DeleteAsync(folder.Bucket, metadataKey, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(multipartUploads, cancellationToken, async (upload, token) =>
            await store.AbortMultipartAsync(folder.Bucket, upload.Key, upload.UploadId, token).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(written.Keys, cancellationToken, async (key, token) =>
            await store.DeleteAsync(folder.Bucket, key, token).ConfigureAwait(false)).ConfigureAwait(false);
        written.Clear();
    }

    private async Task CreateAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (!written.TryAdd(key, 0)) throw new IOException($"s3://{folder.Bucket}/{key} is already being written by this checkpoint; a checkpoint object is never replaced.");
        try
        {
            await store.CreateAsync(folder.Bucket, key, bytes, uploadId => multipartUploads.Add((key, uploadId)), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectExistsException)
        {
            written.TryRemove(key, out _);
            throw;
        }
    }
}
