namespace Checkpointing;

/// <summary>
/// Hands the units of a named state, held by old subtasks 0..p-1, to new subtasks 0..m-1 as Flink does
/// (SPLIT_DISTRIBUTE, UNION, BROADCAST), deterministically: chunks arrive in old-subtask order.
/// The runtime, the harness and this public entry point share one planner, <see cref="RedistributionPlan"/>.
/// </summary>
public static class StateRedistribution
{
    /// <summary>Redistributes one state's units from <c>previous.Count</c> old subtasks to <paramref name="newParallelism"/> new ones.</summary>
    /// <returns>For each new subtask, the units it receives (never null; empty when it receives none).</returns>
    public static IReadOnlyList<IReadOnlyList<T>> Redistribute<T>(
        IReadOnlyList<IReadOnlyList<T>> previous, Redistribution mode, int newParallelism)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var counts = new int[previous.Count];
        for (var i = 0; i < counts.Length; i++) counts[i] = (previous[i] ?? []).Count;
        var rotation = 0;
        var plan = RedistributionPlan.Plan(counts, mode, newParallelism, ref rotation);
        var result = new IReadOnlyList<T>[newParallelism];
        for (var s = 0; s < newParallelism; s++)
        {
            var ranges = plan[s];
            var units = new List<T>(RedistributionPlan.Count(ranges));
            foreach (var range in ranges)
            {
                var source = previous[range.OldSubtask];
                for (var u = 0; u < range.Count; u++) units.Add(source[range.Start + u]);
            }
            result[s] = units;
        }
        return result;
    }
}

/// <summary>A contiguous run of units of one old subtask.</summary>
/// <param name="OldSubtask">The old subtask that held the units.</param>
/// <param name="Start">Index of the first unit within that subtask's list.</param>
/// <param name="Count">How many units.</param>
internal readonly record struct UnitRange(int OldSubtask, int Start, int Count);
