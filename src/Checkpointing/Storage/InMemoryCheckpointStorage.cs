using System.Collections.Concurrent;
using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>Keeps checkpoints in memory, as bytes in the same format as files: for tests and jobs that need no durability across processes.</summary>
public sealed class InMemoryCheckpointStorage : CheckpointStorage
{
    private readonly ConcurrentDictionary<(string Job, long Id), ConcurrentDictionary<string, byte[]>> checkpoints = new();

    internal override ICheckpointTarget Begin(string jobName, long checkpointId)
    {
        var files = checkpoints.GetOrAdd((jobName, checkpointId), _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
        return new Target(this, jobName, checkpointId, files);
    }

    internal override IReadOnlyList<StoredCheckpoint> List(string jobName) =>
        [.. checkpoints.Where(c => c.Key.Job == jobName)
                       .OrderByDescending(c => c.Key.Id)
                       .Select(c => new StoredCheckpoint(c.Key.Id, $"memory://{jobName}/chk-{c.Key.Id}", name => c.Value.TryGetValue(name, out var b) ? b : null))];

    internal override void Discard(string jobName, long checkpointId) => checkpoints.TryRemove((jobName, checkpointId), out _);

    /// <summary>Test hook: the stored bytes of one file, to damage on purpose.</summary>
    internal IDictionary<string, byte[]>? FilesOf(string jobName, long checkpointId) =>
        checkpoints.TryGetValue((jobName, checkpointId), out var files) ? files : null;

    private sealed class Target(InMemoryCheckpointStorage owner, string job, long id, ConcurrentDictionary<string, byte[]> files) : ICheckpointTarget
    {
        public string Location => $"memory://{job}/chk-{id}";

        public Task WriteFileAsync(string name, byte[] bytes, CancellationToken cancellationToken)
        {
            if (!files.TryAdd(name, bytes)) throw new IOException($"{Location}/{name} already exists; a checkpoint file is never replaced.");
            return Task.CompletedTask;
        }

        public Task CommitAsync(byte[] metadata, CancellationToken cancellationToken)
        {
            if (!files.TryAdd(CheckpointMetadata.FileName, metadata))
                throw new IOException($"{Location} is already complete; a completed checkpoint is never replaced.");
            return Task.CompletedTask;
        }

        // A checkpoint that is already complete (an id collision) is never removed by a failed second writer.
        public void Abort()
        {
            if (!files.ContainsKey(CheckpointMetadata.FileName)) owner.Discard(job, id);
        }
    }
}
