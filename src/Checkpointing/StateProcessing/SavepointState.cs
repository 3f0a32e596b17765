namespace Checkpointing;

/// <summary>One operator of a loaded checkpoint or savepoint: its uid, how many subtasks wrote it, and its states.</summary>
public sealed class SavepointOperator
{
    internal SavepointOperator(string uid, int parallelism, IReadOnlyList<SavepointState> states)
    {
        Uid = uid;
        Parallelism = parallelism;
        States = states;
    }

    /// <summary>The operator's uid (<c>.Uid(...)</c>, or the default derived from the job's shape).</summary>
    public string Uid { get; }

    /// <summary>How many subtasks wrote the operator's state.</summary>
    public int Parallelism { get; }

    /// <summary>Its states, in ordinal name order (the order redistribution processes them).</summary>
    public IReadOnlyList<SavepointState> States { get; }

    /// <summary>The state named <paramref name="stateName"/>; <see cref="ArgumentException"/> naming the states it has when there is none.</summary>
    public SavepointState State(string stateName) =>
        States.FirstOrDefault(s => s.Name == stateName)
        ?? throw new ArgumentException($"Operator '{Uid}' has no state named '{stateName}'; it has: {string.Join(", ", States.Select(s => $"'{s.Name}'"))}.", nameof(stateName));

    /// <summary>Units of every state, all subtasks.</summary>
    public long UnitCount => States.Sum(s => s.UnitCount);

    /// <summary>Bytes of every state's units, all subtasks.</summary>
    public long ByteCount => States.Sum(s => s.ByteCount);

    /// <summary>
    /// Which units each subtask would restore at <paramref name="newParallelism"/>: the runtime's plan, from unit
    /// counts alone (states in ordinal order sharing one even-split rotation, as a restore processes them).
    /// </summary>
    public IReadOnlyList<UnitMove> PlanParallelism(int newParallelism)
    {
        var moves = new List<UnitMove>();
        var plans = StateAssignment.Plan([.. States.Select(s => (s.Mode, s.UnitCounts))], newParallelism);
        for (var i = 0; i < plans.Length; i++)
            for (var s = 0; s < newParallelism; s++)
                foreach (var range in plans[i][s]) moves.Add(new UnitMove(States[i].Name, s, range.OldSubtask, range.Start, range.Count));
        return moves;
    }
}

/// <summary>One named state of an operator: how it is redistributed, what its units are, and how many each old subtask wrote.</summary>
public sealed class SavepointState
{
    internal SavepointState(string name, Redistribution mode, string typeName, IReadOnlyList<StateLayout> layouts, IReadOnlyList<int> unitCounts, IReadOnlyList<long> byteCounts)
    {
        Name = name;
        Mode = mode;
        TypeName = typeName;
        Layouts = layouts;
        UnitCounts = unitCounts;
        ByteCounts = byteCounts;
    }

    /// <summary>The state name (<c>$scalars</c>, a field's name, a descriptor's name).</summary>
    public string Name { get; }

    /// <summary>How its units are handed to subtasks on restore.</summary>
    public Redistribution Mode { get; }

    /// <summary>The C# name of the unit type it was written as (informational).</summary>
    public string TypeName { get; }

    /// <summary>The layouts (member names in written order) of the generated types its units hold, merged across subtasks.</summary>
    public IReadOnlyList<StateLayout> Layouts { get; }

    /// <summary>Units written by old subtask 0, 1, …</summary>
    public IReadOnlyList<int> UnitCounts { get; }

    /// <summary>Bytes of the units written by old subtask 0, 1, …</summary>
    public IReadOnlyList<long> ByteCounts { get; }

    /// <summary>Units of all subtasks.</summary>
    public long UnitCount => UnitCounts.Sum(c => (long)c);

    /// <summary>Bytes of all subtasks' units.</summary>
    public long ByteCount => ByteCounts.Sum();

    /// <summary>Whether this is the state the generator writes <c>[Checkpointed]</c> scalar fields into.</summary>
    public bool IsScalars => StateProcessing.ScalarCheck.IsScalarState(Name);
}

/// <summary>A generated type's layout as stored with a state: its full name and its member names in written order.</summary>
/// <param name="TypeName">The type's full name, e.g. <c>Shop.Order</c>.</param>
/// <param name="Members">The member names, in the order their values are written.</param>
public sealed record StateLayout(string TypeName, IReadOnlyList<string> Members);

/// <summary>How far loading a checkpoint got: reported after each file is verified.</summary>
/// <param name="FilesDone">Files verified so far (the metadata included).</param>
/// <param name="FileCount">Files in the checkpoint (the metadata included).</param>
/// <param name="BytesDone">Bytes verified so far.</param>
/// <param name="ByteCount">Bytes of all files.</param>
/// <param name="File">The file just verified.</param>
public readonly record struct SavepointProgress(int FilesDone, int FileCount, long BytesDone, long ByteCount, string File);

/// <summary>Units of one state that one new subtask restores from one old subtask after a change of parallelism.</summary>
/// <param name="State">The state name.</param>
/// <param name="NewSubtask">The subtask that receives them.</param>
/// <param name="OldSubtask">The subtask that wrote them.</param>
/// <param name="FirstUnit">Index of the first unit within the old subtask's units.</param>
/// <param name="UnitCount">How many units.</param>
public readonly record struct UnitMove(string State, int NewSubtask, int OldSubtask, int FirstUnit, int UnitCount);
