using Checkpointing.Snapshots;

namespace Checkpointing;

/// <summary>Turns an operator's snapshot into each new subtask's share, state by state, with <see cref="RedistributionPlan"/>.</summary>
internal static class StateAssignment
{
    /// <summary>For each of <paramref name="newParallelism"/> new subtasks, its states by name.</summary>
    public static IReadOnlyDictionary<string, AssignedState>[] Assign(OperatorSnapshot snapshot, int newParallelism)
    {
        var result = new Dictionary<string, AssignedState>[newParallelism];
        for (var s = 0; s < newParallelism; s++) result[s] = new(StringComparer.Ordinal);

        // States go in ordinal name order (OperatorSnapshot keeps them so); even-split states share one rotation.
        var rotation = 0;
        foreach (var state in snapshot.States)
        {
            var counts = Array.ConvertAll(state.PerSubtask, b => b.Count);
            var plan = RedistributionPlan.Plan(counts, state.Mode, newParallelism, ref rotation);
            for (var s = 0; s < newParallelism; s++)
            {
                var ranges = plan[s];
                var chunks = new ReadOnlyMemory<byte>[ranges.Length];
                for (var r = 0; r < ranges.Length; r++)
                    chunks[r] = state.PerSubtask[ranges[r].OldSubtask].Slice(ranges[r].Start, ranges[r].Count);
                result[s][state.Name] = new AssignedState(state.Name, state.Mode, state.TypeName, state.Layouts, chunks, RedistributionPlan.Count(ranges));
            }
        }
        return result;
    }
}
