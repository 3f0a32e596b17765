using System.Collections.Concurrent;

namespace Checkpointing.Orleans.Workers;

/// <summary>Passes state files on to the real target and keeps their bytes, to send them to the job's control.</summary>
internal sealed class CapturingTarget(CheckpointTarget inner) : CheckpointTarget
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public override string Location => inner.Location;

    public override async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await inner.WriteFileAsync(name, bytes, cancellationToken).ConfigureAwait(false);
        Files[name] = bytes.ToArray();
    }

    public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A worker writes state files only; the job's control writes the metadata.");

    public override Task AbortAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A worker writes state files only; the job's control aborts the checkpoint.");
}
