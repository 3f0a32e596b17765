using Checkpointing.Snapshots;

namespace Checkpointing.StateProcessing;

/// <summary>
/// One operator's state as a <see cref="SavepointWriter"/> will write it, described by its <see cref="Shape"/> and
/// produced one subtask at a time (<see cref="PartAsync"/>), so that a write holds the file it is building and one
/// source file, never a whole checkpoint. Changes wrap the parts they change: read from a checkpoint
/// (<see cref="StoredParts"/>), given as data (<see cref="DataParts"/>), changed part by part
/// (<see cref="MappedParts"/>), or redistributed (<see cref="RescaledParts"/>).
/// </summary>
internal abstract class OperatorParts
{
    public abstract OperatorShape Shape { get; }

    public string Uid => Shape.Uid;

    public int Parallelism => Shape.Parallelism;

    /// <summary>Subtask <paramref name="subtask"/>'s part, owning its bytes (none of them shared with a source file).</summary>
    public abstract ValueTask<OperatorSubtaskState> PartAsync(int subtask, SourceFiles files, CancellationToken cancellationToken);

    /// <summary>The part with every block copied out of the file it was decoded from, so the file can be dropped.</summary>
    public static OperatorSubtaskState Own(OperatorSubtaskState part) =>
        part with { States = [.. part.States.Select(e => e with { Units = new UnitBlock(e.Units.Bytes.ToArray(), e.Units.Count) })] };
}

/// <summary>State given as data (bootstrapped): held as given.</summary>
internal sealed class DataParts(OperatorShape shape, IReadOnlyList<OperatorSubtaskState> parts) : OperatorParts
{
    public override OperatorShape Shape => shape;

    public override ValueTask<OperatorSubtaskState> PartAsync(int subtask, SourceFiles files, CancellationToken cancellationToken) => ValueTask.FromResult(parts[subtask]);
}

/// <summary>Another operator's parts, each changed by <paramref name="map"/> (a rename, a state added, replaced or removed) as it is produced.</summary>
internal sealed class MappedParts(OperatorParts inner, OperatorShape shape, Func<OperatorSubtaskState, OperatorSubtaskState> map) : OperatorParts
{
    public override OperatorShape Shape => shape;

    public override async ValueTask<OperatorSubtaskState> PartAsync(int subtask, SourceFiles files, CancellationToken cancellationToken) =>
        map(await inner.PartAsync(subtask, files, cancellationToken).ConfigureAwait(false));
}

/// <summary>An operator's parts as a checkpoint holds them, read from its files when written.</summary>
internal sealed class StoredParts(SavepointReader source, string uid) : OperatorParts
{
    public override OperatorShape Shape { get; } = source.ShapeOf(uid);

    public override async ValueTask<OperatorSubtaskState> PartAsync(int subtask, SourceFiles files, CancellationToken cancellationToken)
    {
        var file = source.FileOf(uid, subtask);
        var parts = await files.ReadAsync(source, file, cancellationToken).ConfigureAwait(false);
        var part = parts.FirstOrDefault(p => p.OperatorUid == uid && p.SubtaskIndex == subtask)
            ?? throw new CheckpointFormatException($"{source.Location}/{file}: no longer holds subtask {subtask} of operator '{uid}'.");
        return Own(part);
    }
}
