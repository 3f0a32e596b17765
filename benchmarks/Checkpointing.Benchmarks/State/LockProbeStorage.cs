using Checkpointing.Storage;

namespace Checkpointing.Benchmarks.State;

/// <summary>
/// File-system checkpoint storage that, at every file write and metadata commit, checks whether any watched checkpoint
/// lock is held — by the writing thread itself or by another. A checkpoint that did I/O under a lock shows up in
/// <see cref="WritesUnderLock"/>; the lock-pause benchmark reports it.
/// </summary>
internal sealed class LockProbeStorage(string directory) : CheckpointStorage
{
    private readonly FileSystemCheckpointStorage inner = new(directory);
    private readonly List<object> gates = [];
    private long writes;
    private long writesUnderLock;

    public long Writes => Interlocked.Read(ref writes);

    public long WritesUnderLock => Interlocked.Read(ref writesUnderLock);

    public void Watch(object gate) => gates.Add(gate);

    internal override ICheckpointTarget Begin(string jobName, long checkpointId) => new Target(this, inner.Begin(jobName, checkpointId));

    internal override IReadOnlyList<StoredCheckpoint> List(string jobName) => inner.List(jobName);

    internal override void Discard(string jobName, long checkpointId) => inner.Discard(jobName, checkpointId);

    private void Check()
    {
        Interlocked.Increment(ref writes);
        foreach (var gate in gates)
        {
            var held = Monitor.IsEntered(gate) || !Monitor.TryEnter(gate);
            if (!held) Monitor.Exit(gate);
            if (held) Interlocked.Increment(ref writesUnderLock);
        }
    }

    private sealed class Target(LockProbeStorage owner, ICheckpointTarget inner) : ICheckpointTarget
    {
        public string Location => inner.Location;

        public Task WriteFileAsync(string name, byte[] bytes, CancellationToken cancellationToken)
        {
            owner.Check();
            return inner.WriteFileAsync(name, bytes, cancellationToken);
        }

        public Task CommitAsync(byte[] metadata, CancellationToken cancellationToken)
        {
            owner.Check();
            return inner.CommitAsync(metadata, cancellationToken);
        }

        public void Abort() => inner.Abort();
    }
}
