using Checkpointing.Snapshots;

namespace Checkpointing.StateProcessing;

/// <summary>
/// Rewrites an operator's state for another parallelism so that restoring it there gives every subtask exactly the
/// units a live restore of the original would: the runtime's own assignment (<see cref="StateAssignment"/>), with
/// the units' bytes sliced and copied, never decoded.
/// </summary>
internal static class OfflineRescale
{
    /// <param name="snapshot">The operator's state as written.</param>
    /// <param name="parallelism">The new parallelism.</param>
    /// <param name="merged">Scalar fields that declare a Merge (<see cref="ScalarCheck"/>); null when the caller already ran the function's own restore on every share.</param>
    public static OperatorSubtaskState[] Rescale(OperatorSnapshot snapshot, int parallelism, IReadOnlySet<string>? merged)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, Format.StateCodec.MaxParallelism);
        var shares = StateAssignment.Assign(snapshot, parallelism);
        var entries = new List<SubtaskStateEntry>[parallelism];
        for (var s = 0; s < parallelism; s++) entries[s] = [];
        foreach (var state in snapshot.States)
        {
            if (merged is not null && ScalarCheck.IsScalarState(state.Name))
                ScalarCheck.Check(snapshot.OperatorUid, state.Name, state.Mode, snapshot.Parallelism, [.. shares.Select(share => share[state.Name].Chunks)], merged);
            for (var s = 0; s < parallelism; s++)
                entries[s].Add(new SubtaskStateEntry(state.Name, state.Mode, state.TypeName, state.Layouts, BlockFor(snapshot.Parallelism, parallelism, state, shares[s][state.Name], s)));
        }
        return [.. Enumerable.Range(0, parallelism).Select(s => new OperatorSubtaskState(snapshot.OperatorUid, s, parallelism, entries[s]))];
    }

    /// <summary>
    /// New subtask <paramref name="s"/>'s units. Even-split and broadcast state restore at an unchanged parallelism as
    /// they are written, so each new subtask stores its share. Union state is restored whole by every subtask, so the
    /// old subtasks' units are stored once, spread over the new subtasks in old-subtask order (old subtask
    /// <c>o</c> to new subtask <c>o · new / old</c>): every subtask then restores them all, in the same order.
    /// </summary>
    private static UnitBlock BlockFor(int oldParallelism, int parallelism, OperatorState state, AssignedState share, int s)
    {
        if (state.Mode != Redistribution.Union) return Concat(share.Chunks, share.Count);
        var owned = Enumerable.Range(0, oldParallelism).Where(o => (long)o * parallelism / oldParallelism == s).Select(o => state.PerSubtask[o]).ToList();
        return Concat([.. owned.Select(b => b.Bytes)], owned.Sum(b => b.Count));
    }

    private static UnitBlock Concat(IReadOnlyList<ReadOnlyMemory<byte>> chunks, int count)
    {
        if (chunks.Count == 1) return new UnitBlock(chunks[0], count);
        var bytes = new byte[chunks.Sum(c => c.Length)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(bytes.AsSpan(offset));
            offset += chunk.Length;
        }
        return new UnitBlock(bytes, count);
    }
}
