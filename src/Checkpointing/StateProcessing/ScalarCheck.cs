using Checkpointing.Serialization.Generated;
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
