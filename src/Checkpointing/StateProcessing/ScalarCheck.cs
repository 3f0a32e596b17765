using Checkpointing.Serialization.Generated;
using Checkpointing.Snapshots;
using MessagePack;

namespace Checkpointing.StateProcessing;

/// <summary>
/// The rule a live restore applies to <c>[Checkpointed]</c> scalars, checked before state is rescaled offline: a
/// scalar field restores from exactly one unit, or from several only when it declares a <c>Merge</c> (the generated
/// <c>RestoreState</c> throws otherwise, see <see cref="ScalarUnits.NoMerge"/>). A checkpoint stores field names,
/// not whether a field has a Merge, so the caller names the fields that do.
/// </summary>
internal static class ScalarCheck
{
    private static readonly string[] StateNames = [.. Enum.GetValues<Redistribution>().Select(ScalarUnits.StateName)];

    public static bool IsScalarState(string name) => Array.IndexOf(StateNames, name) >= 0;

    /// <summary>
    /// What each of <paramref name="parallelism"/> new subtasks would restore of <paramref name="op"/>'s scalar
    /// states in a live restore at that parallelism, by state name. The old subtasks' parts are read one at a time and
    /// only their scalar units kept (one per subtask and mode), so this holds one source file and those units.
    /// </summary>
    public static IReadOnlyDictionary<string, AssignedState>[] Shares(OperatorParts op, int parallelism)
    {
        var states = op.Shape.States;
        var result = new Dictionary<string, AssignedState>[parallelism];
        for (var s = 0; s < parallelism; s++) result[s] = new(StringComparer.Ordinal);
        var scalars = Enumerable.Range(0, states.Count).Where(i => IsScalarState(states[i].Name)).ToList();
        if (scalars.Count == 0) return result;

        var blocks = scalars.ToDictionary(i => i, _ => new UnitBlock[op.Parallelism]);
        var files = new SourceFiles();
        for (var old = 0; old < op.Parallelism; old++)
        {
            var part = op.PartAsync(old, files, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            foreach (var i in scalars) blocks[i][old] = part.States.FirstOrDefault(e => e.Name == states[i].Name)?.Units ?? UnitBlock.Empty;
        }
        var plans = op.Shape.Plan(parallelism);
        for (var s = 0; s < parallelism; s++)
        {
            foreach (var i in scalars)
            {
                var ranges = plans[i][s];
                var state = states[i];
                result[s][state.Name] = new AssignedState(state.Name, state.Mode, state.TypeName, state.Layouts,
                    [.. ranges.Select(r => blocks[i][r.OldSubtask].Slice(r.Start, r.Count))], RedistributionPlan.Count(ranges));
            }
        }
        return result;
    }

    /// <summary>
    /// <see cref="Check(string, string, Redistribution, int, IReadOnlyList{IReadOnlyList{ReadOnlyMemory{byte}}}, IReadOnlySet{string})"/>
    /// for every scalar state of <paramref name="op"/> at <paramref name="parallelism"/>.
    /// </summary>
    public static void Check(OperatorParts op, int parallelism, IReadOnlySet<string> merged)
    {
        var shares = Shares(op, parallelism);
        foreach (var state in op.Shape.States.Where(s => IsScalarState(s.Name)))
            Check(op.Uid, state.Name, state.Mode, op.Parallelism, [.. shares.Select(share => share[state.Name].Chunks)], merged);
    }

    /// <summary>
    /// Throws <see cref="CheckpointRestoreException"/>, naming the field, when a new subtask would restore a scalar
    /// from several units and the field is not in <c>merged</c>. <c>restored</c> holds, for each new subtask, the
    /// unit chunks of this state it restores.
    /// </summary>
    public static void Check(string uid, string stateName, Redistribution mode, int oldParallelism, IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> restored, IReadOnlySet<string> merged)
    {
        for (var s = 0; s < restored.Count; s++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var chunk in restored[s])
            {
                var reader = new MessagePackReader(chunk);
                while (!reader.End) CountFields(ref reader, counts);
            }
            foreach (var (field, count) in counts)
            {
                if (count < 2 || merged.Contains(field)) continue;
                throw new CheckpointRestoreException(
                    $"Operator '{uid}': at the new parallelism subtask {s} would restore {count} units of the scalar '{field}' (state '{stateName}', {mode}), " +
                    $"and a [Checkpointed] scalar without a Merge refuses that on restore. If the field declares [Checkpointed(Merge = ...)], name it as merged; " +
                    $"otherwise keep parallelism {oldParallelism}.");
            }
        }
    }

    private static void CountFields(ref MessagePackReader reader, Dictionary<string, int> counts)
    {
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            var name = reader.ReadString() ?? "";
            reader.Skip();
            if (name is ScalarUnit.TypesKey or ScalarUnit.LayoutsKey) continue;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
    }
}
