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

    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new Target(this, inner.BeginCheckpoint(jobName, checkpointId));

    public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default) =>
        inner.ListCheckpointsAsync(jobName, cancellationToken);

    public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.DiscardAsync(checkpoint, cancellationToken);

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

    private sealed class Target(LockProbeStorage owner, CheckpointTarget inner) : CheckpointTarget
    {
        public override string Location => inner.Location;

        public override Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            owner.Check();
            return inner.WriteFileAsync(name, bytes, cancellationToken);
        }

        public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
        {
            owner.Check();
            return inner.CommitAsync(metadata, cancellationToken);
        }

        public override Task AbortAsync(CancellationToken cancellationToken) => inner.AbortAsync(cancellationToken);
    }
}
