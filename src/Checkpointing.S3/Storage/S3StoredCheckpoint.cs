using Checkpointing.S3.Objects;

namespace Checkpointing.S3.Storage;

/// <summary>A checkpoint or savepoint folder in a bucket; the core verifies what it reads (<c>CompletedCheckpoint.LoadAsync</c>).</summary>
internal sealed class S3StoredCheckpoint(ObjectStore store, S3Location folder, long checkpointId, long epoch = 0) : StoredCheckpoint(checkpointId, epoch, folder.ToString())
{
    public S3Location Folder => folder;

    public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) =>
        store.ReadAsync(folder.Bucket, folder.Key(name), cancellationToken);
}
