using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>
/// The scalar units of one object during one snapshot or restore, one per Redistribution mode (the states
/// <c>$scalars</c>, <c>$scalars.union</c>, <c>$scalars.broadcast</c>). Generated code of a class and of its checkpointed
/// base classes write into the same instance, so an object always has at most one scalar state per mode.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScalarUnits
{
    private static readonly ListStateDescriptor<ScalarUnit>[] Descriptors =
    [
        new(StateName(Redistribution.EvenSplit), Redistribution.EvenSplit, ScalarUnit.Formatter),
        new(StateName(Redistribution.Union), Redistribution.Union, ScalarUnit.Formatter),
        new(StateName(Redistribution.Broadcast), Redistribution.Broadcast, ScalarUnit.Formatter),
    ];

    // Made on first use: most functions have no scalar fields, and every checkpoint makes one of these.
    private ScalarUnit?[]? written;
    private IReadOnlyList<ScalarUnit>[]? received;

    /// <summary>The state name holding the scalars of <paramref name="mode"/>.</summary>
    internal static string StateName(Redistribution mode) => mode switch
    {
        Redistribution.EvenSplit => "$scalars",
        Redistribution.Union => "$scalars.union",
        Redistribution.Broadcast => "$scalars.broadcast",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The unit being written for <paramref name="mode"/> (created on first use).</summary>
    public ScalarUnit For(Redistribution mode) => (written ??= new ScalarUnit?[Descriptors.Length])[(int)mode] ??= new ScalarUnit();

    /// <summary>Adds every unit written to its state: one unit per mode that has scalars.</summary>
    public void AddTo(ISnapshotContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (written is null) return;
        for (var i = 0; i < written.Length; i++)
            if (written[i] is { } unit) context.Add(Descriptors[i], unit);
    }

    /// <summary>Reads this subtask's scalar units of every mode present in the checkpoint.</summary>
    public static ScalarUnits Read(IRestoreContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScalarUnits();
        for (var i = 0; i < Descriptors.Length; i++)
        {
            var units = Received(context, Descriptors[i]);
            if (units.Count > 0) (result.received ??= [[], [], []])[i] = units;
        }
        return result;
    }

    /// <summary>
    /// The units of one scalar state. From the runtime's context each unit is only opened here: its fields are decoded
    /// where they lie when <see cref="ReadAll{T}"/> asks for them, so their bytes are read once.
    /// </summary>
    private static IReadOnlyList<ScalarUnit> Received(IRestoreContext context, ListStateDescriptor<ScalarUnit> state)
    {
        if (context is IUnitBytesRestoring runtime)
        {
            if (!runtime.TryGetUnitBytes(state, out var bytes, out var options)) return [];
            if (bytes is not null)
            {
                var units = new ScalarUnit[bytes.Count];
                for (var i = 0; i < units.Length; i++)
                {
                    try
                    {
                        units[i] = ScalarUnit.Over(bytes[i], options);
                    }
                    catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
                    {
                        throw new CheckpointRestoreException($"State '{state.Name}': unit {i} is not a scalar unit (a MessagePack map of field names to values): {e.Message}", e);
                    }
                }
                return units;
            }
        }
        return context.TryGet(state, out var decoded) ? decoded : [];
    }

    /// <summary>
    /// Every value stored under <paramref name="name"/> in the units received for <paramref name="mode"/>, in
    /// old-subtask order (units that lack the name, written before the field existed, contribute nothing).
    /// </summary>
    public T[] ReadAll<T>(Redistribution mode, string name, IMessagePackFormatter<T> formatter, string typeName, string owner)
    {
        var units = received?[(int)mode] ?? [];
        var values = new List<T>(units.Count);
        foreach (var unit in units)
        {
            try
            {
                if (unit.TryRead(name, formatter, out var value)) values.Add(value);
            }
            catch (Exception e) when (e is not CheckpointRestoreException)
            {
                throw new CheckpointRestoreException(
                    $"{owner}: state '{StateName(mode)}', field '{name}' was written as {unit.TypeOf(name) ?? "an unknown type"} " +
                    $"and cannot be read as {typeName}: {e.Message}", e);
            }
        }
        return [.. values];
    }

    /// <summary>The failure for a scalar that received several units and declares no <c>Merge</c>.</summary>
    public static CheckpointRestoreException NoMerge(string owner, string field, string name, Redistribution mode, int subtaskIndex, int count) =>
        new($"{owner}.{field}: subtask {subtaskIndex} received {count} units of the scalar '{name}' (state '{StateName(mode)}', " +
            $"{mode}) and the field declares no Merge. Add [Checkpointed(Merge = nameof(M))] with a method " +
            "'T M(IReadOnlyList<T> units)' that folds them, or restore at the old parallelism.");
}
