using Checkpointing.Serialization.Layouts;
using Checkpointing.Snapshots;

namespace Checkpointing.StateProcessing;

/// <summary>
/// What is known of an operator's state without its bytes: its parallelism and, per state, the mode, unit type,
/// merged layouts and unit counts per subtask. Enough to plan a redistribution and to describe entries; the units
/// themselves are read one subtask at a time (<see cref="OperatorParts"/>).
/// </summary>
internal sealed record OperatorShape(string Uid, int Parallelism, IReadOnlyList<StateShape> States)
{
    /// <summary>The shape of an assembled snapshot (whose blocks may hold only counts).</summary>
    public static OperatorShape Of(OperatorSnapshot snapshot) =>
        new(snapshot.OperatorUid, snapshot.Parallelism,
            [.. snapshot.States.Select(s => new StateShape(s.Name, s.Mode, s.TypeName, s.Layouts, [.. s.PerSubtask.Select(b => b.Count)]))]);

    /// <summary>Checks <paramref name="parts"/> as a restore does (one parallelism, every subtask once, one mode and type per state) and describes them.</summary>
    public static OperatorShape Of(string uid, long checkpointId, IReadOnlyList<OperatorSubtaskState> parts) => Of(OperatorSnapshot.Assemble(uid, checkpointId, parts));

    public StateShape? Find(string stateName) => States.FirstOrDefault(s => s.Name == stateName);

    /// <summary>This shape with state <paramref name="state"/> added or replacing the one of its name, states kept in ordinal order.</summary>
    public OperatorShape With(StateShape state) =>
        this with { States = [.. States.Where(s => s.Name != state.Name).Append(state).OrderBy(s => s.Name, StringComparer.Ordinal)] };

    public OperatorShape Without(string stateName) => this with { States = [.. States.Where(s => s.Name != stateName)] };

    /// <summary>Each state's plan for <paramref name="newParallelism"/> subtasks, <c>[state][new subtask]</c>, as a restore makes it.</summary>
    public UnitRange[][][] Plan(int newParallelism) =>
        StateAssignment.Plan([.. States.Select(s => (s.Mode, (IReadOnlyList<int>)s.UnitCounts))], newParallelism);
}

/// <summary>One state of an <see cref="OperatorShape"/>.</summary>
internal sealed record StateShape(string Name, Redistribution Mode, string TypeName, IReadOnlyList<StoredLayout> Layouts, IReadOnlyList<int> UnitCounts)
{
    /// <summary>The units of this state that <paramref name="part"/> holds, as a restore of that subtask alone receives them.</summary>
    public AssignedState Own(OperatorSubtaskState part) =>
        part.States.FirstOrDefault(e => e.Name == Name) is { } entry
            ? new AssignedState(Name, Mode, TypeName, Layouts, [entry.Units.Bytes], entry.Units.Count)
            : new AssignedState(Name, Mode, TypeName, Layouts, [], 0);
}
