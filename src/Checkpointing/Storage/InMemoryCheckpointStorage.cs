using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Checkpointing;

/// <summary>Keeps checkpoints in memory, as bytes in the same format as files: for tests and jobs that need no durability across processes.</summary>
public sealed class InMemoryCheckpointStorage : CheckpointStorage
{
    private readonly ConcurrentDictionary<(string Job, long Id), ConcurrentDictionary<string, byte[]>> checkpoints = new();

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId)
    {
        var files = checkpoints.GetOrAdd((jobName, checkpointId), _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
        return new Target(this, jobName, checkpointId, files);
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. checkpoints.Where(c => c.Key.Job == jobName)
                          .OrderByDescending(c => c.Key.Id)
                          .Select(c => new Stored(c.Key.Job, c.Key.Id, c.Value)),
        ];
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        if (checkpoint is Stored stored) Discard(stored.Job, stored.CheckpointId);
        return Task.CompletedTask;
    }

    /// <summary>A checkpoint of this storage by its <see cref="CheckpointTarget.Location"/> (<c>memory://{job}/chk-{id}</c>), or a local folder.</summary>
    public override StoredCheckpoint Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        foreach (var (key, files) in checkpoints)
            if (LocationOf(key.Job, key.Id) == location) return new Stored(key.Job, key.Id, files);
        return base.Open(location);
    }

    /// <summary>Test hook: the stored bytes of one file, to damage on purpose.</summary>
    internal IDictionary<string, byte[]>? FilesOf(string jobName, long checkpointId) =>
        checkpoints.TryGetValue((jobName, checkpointId), out var files) ? files : null;

    private void Discard(string jobName, long checkpointId)
    {
        if (!checkpoints.TryGetValue((jobName, checkpointId), out var files)) return;
        files.TryRemove(MetadataFileName, out _);
        checkpoints.TryRemove((jobName, checkpointId), out _);
    }

    private const string MetadataFileName = CheckpointTarget.MetadataFileName;

    private static string LocationOf(string job, long id) => $"memory://{job}/{CheckpointFolderName.Of(id)}";

    // The runtime hands over whole arrays; those are kept as they are, anything else is copied once.
    private static byte[] Own(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();

    private sealed class Stored(string job, long id, ConcurrentDictionary<string, byte[]> files) : StoredCheckpoint(id, LocationOf(job, id))
    {
        public string Job => job;

        public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(files.TryGetValue(name, out var bytes) ? bytes : null);
    }

    private sealed class Target(InMemoryCheckpointStorage owner, string job, long id, ConcurrentDictionary<string, byte[]> files) : CheckpointTarget
    {
        public override string Location => LocationOf(job, id);

        public override Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (!files.TryAdd(name, Own(bytes))) throw new IOException($"{Location}/{name} already exists; a checkpoint file is never replaced.");
            return Task.CompletedTask;
        }

        public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
        {
            if (!files.TryAdd(MetadataFileName, Own(metadata)))
                throw new IOException($"{Location} is already complete; a completed checkpoint is never replaced.");
            return Task.CompletedTask;
        }

        // A checkpoint that is already complete (an id collision) is never removed by a failed second writer.
        public override Task AbortAsync(CancellationToken cancellationToken)
        {
            if (!files.ContainsKey(MetadataFileName)) owner.Discard(job, id);
            return Task.CompletedTask;
        }
    }
}
