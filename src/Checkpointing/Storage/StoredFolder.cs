namespace Checkpointing.Storage;

/// <summary>A checkpoint or savepoint in a local folder.</summary>
internal sealed class StoredFolder(long checkpointId, string folder, long epoch = 0) : StoredCheckpoint(checkpointId, epoch, folder)
{
    public override async Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Location, name);
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
