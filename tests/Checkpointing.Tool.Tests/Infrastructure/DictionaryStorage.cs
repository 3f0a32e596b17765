using System.Collections.Concurrent;

namespace Checkpointing.Tool.Tests.Infrastructure;

/// <summary>
/// A storage that is not a file system: every file a value in one dictionary under <c>dict://…</c> locations,
/// savepoints included. Shows that the state processor works through the public storage contract only.
/// </summary>
public sealed class DictionaryStorage : CheckpointStorage
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new Target(this, $"dict://{jobName}/{CheckpointFolderName.Of(checkpointId)}");

    public override CheckpointTarget BeginSavepoint(string directory, string jobName, long checkpointId) => new Target(this, $"dict://{directory}/{SavepointName.New(jobName, checkpointId)}");

    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredCheckpoint> found =
        [
            .. Files.Keys.Select(k => k[..k.LastIndexOf('/')]).Distinct()
                .Where(l => l.StartsWith($"dict://{jobName}/chk-", StringComparison.Ordinal))
                .Select(l => new Stored(this, CheckpointFolderName.IdOf(l[(l.LastIndexOf('/') + 1)..]) ?? 0, l))
                .OrderByDescending(c => c.CheckpointId),
        ];
        return Task.FromResult(found);
    }

    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        foreach (var key in Files.Keys.Where(k => k.StartsWith(checkpoint.Location + "/", StringComparison.Ordinal))) Files.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public override StoredCheckpoint Open(string location) => new Stored(this, 0, location);

    private sealed class Stored(DictionaryStorage owner, long id, string location) : StoredCheckpoint(id, location)
    {
        public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(owner.Files.TryGetValue($"{Location}/{name}", out var bytes) ? bytes : null);
    }

    private sealed class Target(DictionaryStorage owner, string location) : CheckpointTarget
    {
        public override string Location => location;

        public override Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
            owner.Files.TryAdd($"{location}/{name}", bytes.ToArray()) ? Task.CompletedTask : throw new IOException($"{location}/{name} exists");

        public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken) => WriteFileAsync(MetadataFileName, metadata, cancellationToken);

        public override Task AbortAsync(CancellationToken cancellationToken)
        {
            if (!owner.Files.ContainsKey($"{location}/{MetadataFileName}"))
                foreach (var key in owner.Files.Keys.Where(k => k.StartsWith(location + "/", StringComparison.Ordinal))) owner.Files.TryRemove(key, out _);
            return Task.CompletedTask;
        }
    }
}
