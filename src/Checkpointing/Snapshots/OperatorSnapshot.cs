using Checkpointing.Serialization.Layouts;
using Checkpointing.Snapshots;
using Checkpointing.Format;

namespace Checkpointing;

/// <summary>
/// The state one operator wrote in one checkpoint, across all its subtasks: what restore redistributes. Its bytes
/// (<see cref="ToBytes"/>) use the same encoding and checks as checkpoint files.
/// </summary>
public sealed class OperatorSnapshot
{
    internal OperatorSnapshot(string operatorUid, int parallelism, long checkpointId, IReadOnlyList<OperatorState> states)
    {
        OperatorUid = operatorUid;
        Parallelism = parallelism;
        CheckpointId = checkpointId;
        States = [.. states.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>The operator's uid.</summary>
    public string OperatorUid { get; }

    /// <summary>How many subtasks wrote this snapshot.</summary>
    public int Parallelism { get; }

    /// <summary>The checkpoint the snapshot belongs to.</summary>
    public long CheckpointId { get; }

    /// <summary>The names of the states, in ordinal order (the order redistribution processes them).</summary>
    public IReadOnlyList<string> StateNames => [.. States.Select(s => s.Name)];

    /// <summary>How the state named <paramref name="stateName"/> is redistributed.</summary>
    public Redistribution ModeOf(string stateName) => Find(stateName).Mode;

    /// <summary>How many units old subtask <paramref name="subtask"/> wrote for <paramref name="stateName"/>.</summary>
    public int UnitCount(string stateName, int subtask) => Find(stateName).PerSubtask[subtask].Count;

    internal IReadOnlyList<OperatorState> States { get; }

    /// <summary>Gathers the subtask parts of one operator; all must agree on parallelism, and each state on mode and type.</summary>
    internal static OperatorSnapshot Assemble(string operatorUid, long checkpointId, IReadOnlyList<OperatorSubtaskState> parts)
    {
        if (parts.Count == 0) throw new CheckpointFormatException($"Operator '{operatorUid}': no subtask state.");
        var parallelism = parts[0].Parallelism;
        var seen = new bool[parallelism];
        var states = new Dictionary<string, (Redistribution Mode, string Type, UnitBlock[] Blocks, List<IReadOnlyList<StoredLayout>> Layouts)>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.Parallelism != parallelism)
                throw new CheckpointFormatException($"Operator '{operatorUid}': subtask {part.SubtaskIndex} was written at parallelism {part.Parallelism}, another at {parallelism}.");
            if (part.SubtaskIndex < 0 || part.SubtaskIndex >= parallelism || seen[part.SubtaskIndex])
                throw new CheckpointFormatException($"Operator '{operatorUid}': subtask index {part.SubtaskIndex} is out of range or appears twice (parallelism {parallelism}).");
            seen[part.SubtaskIndex] = true;
            foreach (var entry in part.States)
            {
                if (!states.TryGetValue(entry.Name, out var state))
                {
                    state = (entry.Mode, entry.TypeName, Enumerable.Repeat(UnitBlock.Empty, parallelism).ToArray(), []);
                    states.Add(entry.Name, state);
                }
                else if (state.Mode != entry.Mode || state.Type != entry.TypeName)
                {
                    throw new CheckpointFormatException($"Operator '{operatorUid}', state '{entry.Name}': subtask {part.SubtaskIndex} wrote it as {entry.Mode} of {entry.TypeName}, another subtask as {state.Mode} of {state.Type}.");
                }
                state.Blocks[part.SubtaskIndex] = entry.Units;
                state.Layouts.Add(entry.Layouts);
            }
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0) throw new CheckpointFormatException($"Operator '{operatorUid}': the state of subtask {missing} of {parallelism} is missing.");
        return new OperatorSnapshot(operatorUid, parallelism, checkpointId,
            [.. states.Select(s => new OperatorState(s.Key, s.Value.Mode, s.Value.Type, MergeLayouts(operatorUid, s.Key, s.Value.Layouts), s.Value.Blocks))]);
    }

    private static IReadOnlyList<StoredLayout> MergeLayouts(string operatorUid, string stateName, List<IReadOnlyList<StoredLayout>> parts) =>
        StoredLayout.Merge(parts, (one, other) => new CheckpointFormatException(
            $"Operator '{operatorUid}', state '{stateName}': its subtasks stored different layouts of {one.TypeName}: " +
            $"({string.Join(", ", one.Members)}) and ({string.Join(", ", other.Members)})."));

    /// <summary>The snapshot as bytes: a framed, checksummed file (Format/OperatorSnapshotCodec.cs).</summary>
    public byte[] ToBytes() => OperatorSnapshotCodec.Encode(this);

    /// <summary>Reads bytes written by <see cref="ToBytes"/>. Damaged input throws <see cref="CheckpointFormatException"/> and nothing else.</summary>
    public static OperatorSnapshot FromBytes(ReadOnlySpan<byte> bytes) => OperatorSnapshotCodec.Decode(bytes);

    private OperatorState Find(string stateName) =>
        States.FirstOrDefault(s => s.Name == stateName)
        ?? throw new KeyNotFoundException($"Operator '{OperatorUid}' has no state named '{stateName}'. It has: {string.Join(", ", States.Select(s => s.Name))}.");
}
