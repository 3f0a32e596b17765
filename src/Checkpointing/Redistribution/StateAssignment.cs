using Checkpointing.Snapshots;

namespace Checkpointing;

/// <summary>Turns an operator's snapshot into each new subtask's share, state by state, with <see cref="RedistributionPlan"/>.</summary>
internal static class StateAssignment
{
    /// <summary>For each of <paramref name="newParallelism"/> new subtasks, its states by name.</summary>
    public static IReadOnlyDictionary<string, AssignedState>[] Assign(OperatorSnapshot snapshot, int newParallelism)
    {
        var result = new Dictionary<string, AssignedState>[newParallelism];
        for (var s = 0; s < newParallelism; s++) result[s] = new(snapshot.States.Count, StringComparer.Ordinal);

        var shapes = new (Redistribution Mode, IReadOnlyList<int> UnitCounts)[snapshot.States.Count];
        for (var i = 0; i < shapes.Length; i++)
        {
            var blocks = snapshot.States[i].PerSubtask;
            var counts = new int[blocks.Length];
            for (var o = 0; o < counts.Length; o++) counts[o] = blocks[o].Count;
            shapes[i] = (snapshot.States[i].Mode, counts);
        }
        var plans = Plan(shapes, newParallelism);
        for (var i = 0; i < plans.Length; i++)
        {
            var state = snapshot.States[i];
            for (var s = 0; s < newParallelism; s++)
            {
                var ranges = plans[i][s];
                var chunks = new ReadOnlyMemory<byte>[ranges.Length];
                for (var r = 0; r < ranges.Length; r++)
                    chunks[r] = state.PerSubtask[ranges[r].OldSubtask].Slice(ranges[r].Start, ranges[r].Count);
                result[s][state.Name] = new AssignedState(state.Name, state.Mode, state.TypeName, state.Layouts, chunks, RedistributionPlan.Count(ranges));
            }
        }
        return result;
    }

    /// <summary>
    /// The plan of every state of one operator from unit counts alone: <c>[state][new subtask]</c> → ranges of old
    /// units. <paramref name="states"/> come in ordinal name order (as <see cref="OperatorSnapshot"/> keeps them),
    /// and even-split states share one rotation, as a restore processes them.
    /// </summary>
    public static UnitRange[][][] Plan(IReadOnlyList<(Redistribution Mode, IReadOnlyList<int> UnitCounts)> states, int newParallelism)
    {
        var rotation = 0;
        var plans = new UnitRange[states.Count][][];
        for (var i = 0; i < states.Count; i++) plans[i] = RedistributionPlan.Plan(states[i].UnitCounts, states[i].Mode, newParallelism, ref rotation);
        return plans;
    }
}
