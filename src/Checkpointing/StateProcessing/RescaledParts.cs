using Checkpointing.Snapshots;

namespace Checkpointing.StateProcessing;

/// <summary>
/// An operator's state rewritten for another parallelism so that restoring it there gives every subtask exactly the
/// units a live restore of the original would: the runtime's own plan (<see cref="StateAssignment.Plan"/>), with the
/// units' bytes sliced and copied, never decoded. Each new subtask's part is built from the old subtasks it draws
/// from, pulled one at a time, so only that part and one source file are in memory.
/// </summary>
/// <remarks>
/// Even-split and broadcast state restore at an unchanged parallelism as they are written, so each new subtask
/// stores its share. Union state is restored whole by every subtask, so the old subtasks' units are stored once,
/// spread over the new subtasks in old-subtask order (old subtask <c>o</c> to new subtask <c>o · new / old</c>):
/// every subtask then restores them all, in the same order.
/// </remarks>
internal sealed class RescaledParts : OperatorParts
{
    private readonly OperatorParts inner;
    private readonly UnitRange[][][] plans;

    public RescaledParts(OperatorParts inner, int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, Format.StateCodec.MaxParallelism);
        this.inner = inner;
        var old = inner.Shape;
        plans = old.Plan(parallelism);
        for (var i = 0; i < plans.Length; i++)
            if (old.States[i].Mode == Redistribution.Union) plans[i] = SpreadUnion(old.States[i].UnitCounts, parallelism);
        Shape = old with
        {
            Parallelism = parallelism,
            States = [.. old.States.Select((s, i) => s with { UnitCounts = [.. plans[i].Select(RedistributionPlan.Count)] })],
        };
    }

    public override OperatorShape Shape { get; }

    public override async ValueTask<OperatorSubtaskState> PartAsync(int subtask, SourceFiles files, CancellationToken cancellationToken)
    {
        var states = Shape.States;
        var chunks = new ReadOnlyMemory<byte>[states.Count][];
        for (var i = 0; i < states.Count; i++) chunks[i] = new ReadOnlyMemory<byte>[plans[i][subtask].Length];
        var sources = plans.SelectMany(p => p[subtask]).Select(r => r.OldSubtask).Distinct().Order();
        foreach (var old in sources)
        {
            var part = await inner.PartAsync(old, files, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < states.Count; i++)
            {
                var ranges = plans[i][subtask];
                UnitBlock? block = null;
                for (var r = 0; r < ranges.Length; r++)
                {
                    if (ranges[r].OldSubtask != old) continue;
                    block ??= part.States.FirstOrDefault(e => e.Name == states[i].Name)?.Units ?? UnitBlock.Empty;
                    chunks[i][r] = block.Slice(ranges[r].Start, ranges[r].Count).ToArray();
                }
            }
        }
        var entries = states.Select((s, i) => new SubtaskStateEntry(s.Name, s.Mode, s.TypeName, s.Layouts, new UnitBlock(Concat(chunks[i]), s.UnitCounts[subtask])));
        return new OperatorSubtaskState(Shape.Uid, subtask, Shape.Parallelism, [.. entries]);
    }

    /// <summary>Union state stored once: old subtask <c>o</c>'s units, whole, go to new subtask <c>o · new / old</c>.</summary>
    private static UnitRange[][] SpreadUnion(IReadOnlyList<int> oldCounts, int parallelism)
    {
        var spread = new List<UnitRange>[parallelism];
        for (var s = 0; s < parallelism; s++) spread[s] = [];
        for (var o = 0; o < oldCounts.Count; o++)
            if (oldCounts[o] > 0) spread[(int)((long)o * parallelism / oldCounts.Count)].Add(new UnitRange(o, 0, oldCounts[o]));
        return [.. spread.Select(s => s.ToArray())];
    }

    private static ReadOnlyMemory<byte> Concat(ReadOnlyMemory<byte>[] chunks)
    {
        if (chunks.Length == 1) return chunks[0];
        var bytes = new byte[chunks.Sum(c => c.Length)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(bytes.AsSpan(offset));
            offset += chunk.Length;
        }
        return bytes;
    }
}
