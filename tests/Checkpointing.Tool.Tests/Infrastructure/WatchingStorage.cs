using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Checkpointing.Tool.Tests.Infrastructure;

/// <summary>
/// An in-memory storage that watches how many state files are held at once by whoever reads or writes through it:
/// every read hands out a fresh copy and every write is handed the caller's buffer, each remembered by a weak
/// reference; at every call a full blocking collection runs and the copies and buffers still reachable are counted.
/// A reader or writer that keeps a whole checkpoint in memory keeps all its files reachable; one that streams keeps
/// a bounded few. Counting reachability, not timing or process memory, makes the result the same on every run and
/// independent of what other tests allocate.
/// </summary>
public sealed class WatchingStorage : CheckpointStorage
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly List<(WeakReference<byte[]> Buffer, string Name)> handed = [];
    private readonly Lock gate = new();

    /// <summary>The most state files (read copies or written buffers) reachable at any one call since <see cref="Watch"/>.</summary>
    public int MostFilesHeld { get; private set; }

    /// <summary>Their bytes at that call.</summary>
    public long MostBytesHeld { get; private set; }

    /// <summary>The names of the files reachable at the call where the most were, for the failure message.</summary>
    public IReadOnlyList<string> HeldAtMost { get; private set; } = [];

    /// <summary>State files read so far.</summary>
    public int Reads { get; private set; }

    public IReadOnlyDictionary<string, byte[]> Files => files;

    /// <summary>Starts counting afresh (the files handed out before are forgotten).</summary>
    public void Watch()
    {
        lock (gate)
        {
            handed.Clear();
            MostFilesHeld = 0;
            MostBytesHeld = 0;
            HeldAtMost = [];
            Reads = 0;
        }
    }

    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new Target(this, $"mem://{jobName}/{CheckpointFolderName.Of(checkpointId)}");

    public override CheckpointTarget BeginSavepoint(string directory, string jobName, long checkpointId) => new Target(this, $"mem://{directory}/{SavepointName.New(jobName, checkpointId)}");

    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredCheckpoint>>([]);

    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override StoredCheckpoint Open(string location) => new Stored(this, location);

    /// <summary>Counts what is reachable now, then remembers <paramref name="buffer"/> (a state file being handed out or in).</summary>
    private void Count(byte[]? buffer, string name)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        lock (gate)
        {
            var held = new List<(string Name, int Length)>();
            foreach (var (reference, file) in handed)
                if (reference.TryGetTarget(out var target)) held.Add((file, target.Length));
            if (buffer is not null)
            {
                handed.Add((new WeakReference<byte[]>(buffer), name));
                held.Add((name + " (this call)", buffer.Length));
            }
            if (held.Count > MostFilesHeld)
            {
                MostFilesHeld = held.Count;
                MostBytesHeld = held.Sum(h => (long)h.Length);
                HeldAtMost = [.. held.Select(h => h.Name)];
            }
        }
    }

    private sealed class Stored(WatchingStorage owner, string location) : StoredCheckpoint(0, location)
    {
        public override async Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken)
        {
            // Asynchronous like a real storage's I/O, so callers' state machines live on the heap as they do in use.
            await Task.Yield();
            if (!owner.files.TryGetValue($"{Location}/{name}", out var stored)) return null;
            var copy = stored.ToArray();
            if (name != CheckpointTarget.MetadataFileName)
            {
                owner.Reads++;
                owner.Count(copy, "read " + name);
            }
            return copy;
        }
    }

    private sealed class Target(WatchingStorage owner, string location) : CheckpointTarget
    {
        public override string Location => location;

        public override async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await Task.Yield();
            owner.Count(MemoryMarshal.TryGetArray(bytes, out var array) ? array.Array : null, "write " + name);
            if (!owner.files.TryAdd($"{location}/{name}", bytes.ToArray())) throw new IOException($"{location}/{name} exists");
        }

        public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken) =>
            owner.files.TryAdd($"{location}/{MetadataFileName}", metadata.ToArray()) ? Task.CompletedTask : throw new IOException($"{location}/{MetadataFileName} exists");

        public override Task AbortAsync(CancellationToken cancellationToken)
        {
            foreach (var key in owner.files.Keys.Where(k => k.StartsWith(location + "/", StringComparison.Ordinal))) owner.files.TryRemove(key, out _);
            return Task.CompletedTask;
        }
    }
}
