using Checkpointing.Snapshots;

namespace Checkpointing.StateProcessing;

/// <summary>
/// The source files a write reads, decoded and verified one at a time: the last one is kept, so the operators of one
/// chain (which share a file) read it once, and it is dropped before the next is read, so at most one source file is
/// in memory. Parts handed on copy the bytes they keep (<see cref="OperatorParts.Own"/>).
/// </summary>
internal sealed class SourceFiles
{
    private SavepointReader? reader;
    private string? name;
    private IReadOnlyList<OperatorSubtaskState>? parts;

    /// <summary>How many files were read (a file read again after another counts again).</summary>
    public int Reads { get; private set; }

    public async ValueTask<IReadOnlyList<OperatorSubtaskState>> ReadAsync(SavepointReader source, string fileName, CancellationToken cancellationToken)
    {
        if (parts is not null && ReferenceEquals(reader, source) && name == fileName) return parts;
        // Dropped before the read, so the old file and the new one are never held together.
        parts = null;
        var read = await source.ReadStateFileAsync(fileName, cancellationToken).ConfigureAwait(false);
        Reads++;
        (reader, name, parts) = (source, fileName, read);
        return read;
    }
}
