using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Checkpointing;

/// <summary>Keeps checkpoints in memory, as bytes in the same format as files: for tests and jobs that need no durability across processes.</summary>
public sealed class InMemoryCheckpointStorage : CheckpointStorage
{
    private readonly ConcurrentDictionary<(string Job, long Id, long Epoch), ConcurrentDictionary<string, byte[]>> checkpoints = new();

    // Claimed epochs, and the restore records of those that have one; both written once (TryAdd).
    private readonly ConcurrentDictionary<(string Job, long Epoch), byte> claims = new();
    private readonly ConcurrentDictionary<(string Job, long Epoch), long> restoreRecords = new();

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => BeginCheckpoint(jobName, checkpointId, 0);

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var files = checkpoints.GetOrAdd((jobName, checkpointId, epoch), _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
        return new Target(this, (jobName, checkpointId, epoch), files);
    }

    /// <inheritdoc/>
    public override Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        return Task.FromResult(claims.TryAdd((jobName, epoch), 0));
    }

    /// <inheritdoc/>
    public override Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(restorePoint, EpochClaim.Superseded);
        return Task.FromResult(restoreRecords.TryAdd((jobName, epoch), restorePoint));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<EpochClaim> found =
        [
            .. claims.Keys.Where(k => k.Job == jobName).Select(k => k.Epoch).Order()
                     .Select(epoch => new EpochClaim(epoch, restoreRecords.TryGetValue((jobName, epoch), out var point) ? point : null)),
        ];
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. checkpoints.Where(c => c.Key.Job == jobName)
                          .OrderByDescending(c => c.Key.Id).ThenByDescending(c => c.Key.Epoch)
                          .Select(c => new Stored(c.Key, c.Value)),
        ];
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        if (checkpoint is Stored stored) Discard(stored.Key);
        return Task.CompletedTask;
    }

    /// <summary>A checkpoint of this storage by its <see cref="CheckpointTarget.Location"/> (<c>memory://{job}/chk-{id}</c>), or a local folder.</summary>
    public override StoredCheckpoint Open(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        foreach (var (key, files) in checkpoints)
            if (LocationOf(key) == location) return new Stored(key, files);
        return base.Open(location);
    }

    /// <summary>Test hook: the stored bytes of one file, to damage on purpose.</summary>
    internal IDictionary<string, byte[]>? FilesOf(string jobName, long checkpointId, long epoch = 0) =>
        checkpoints.TryGetValue((jobName, checkpointId, epoch), out var files) ? files : null;

    private void Discard((string Job, long Id, long Epoch) key)
    {
        if (!checkpoints.TryGetValue(key, out var files)) return;
        files.TryRemove(MetadataFileName, out _);
        checkpoints.TryRemove(key, out _);
    }

    private const string MetadataFileName = CheckpointTarget.MetadataFileName;

    private static string LocationOf((string Job, long Id, long Epoch) key) => $"memory://{key.Job}/{CheckpointFolderName.Of(key.Id, key.Epoch)}";

    // The runtime hands over whole arrays; those are kept as they are, anything else is copied once.
    private static byte[] Own(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();

    private sealed class Stored((string Job, long Id, long Epoch) key, ConcurrentDictionary<string, byte[]> files) : StoredCheckpoint(key.Id, key.Epoch, LocationOf(key))
    {
        public (string Job, long Id, long Epoch) Key => key;

        public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(files.TryGetValue(name, out var bytes) ? bytes : null);
    }

    private sealed class Target(InMemoryCheckpointStorage owner, (string Job, long Id, long Epoch) key, ConcurrentDictionary<string, byte[]> files) : CheckpointTarget
    {
        public override string Location => LocationOf(key);

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
            if (!files.ContainsKey(MetadataFileName)) owner.Discard(key);
            return Task.CompletedTask;
        }
    }
}
