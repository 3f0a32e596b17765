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
        var ordered = new OperatorState[states.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = states[i];
        if (ordered.Length > 1) Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        States = ordered;
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
        // A checkpoint has a few states per operator: a list searched by name allocates less than a dictionary,
        // and this runs once per operator per checkpoint.
        var states = new List<AssembledState>();
        foreach (var part in parts)
        {
            if (part.Parallelism != parallelism)
                throw new CheckpointFormatException($"Operator '{operatorUid}': subtask {part.SubtaskIndex} was written at parallelism {part.Parallelism}, another at {parallelism}.");
            if (part.SubtaskIndex < 0 || part.SubtaskIndex >= parallelism || seen[part.SubtaskIndex])
                throw new CheckpointFormatException($"Operator '{operatorUid}': subtask index {part.SubtaskIndex} is out of range or appears twice (parallelism {parallelism}).");
            seen[part.SubtaskIndex] = true;
            foreach (var entry in part.States)
            {
                var state = FindAssembled(states, entry.Name);
                if (state is null)
                {
                    state = new AssembledState(entry.Name, entry.Mode, entry.TypeName, parallelism);
                    states.Add(state);
                }
                else if (state.Mode != entry.Mode || state.TypeName != entry.TypeName)
                {
                    throw new CheckpointFormatException($"Operator '{operatorUid}', state '{entry.Name}': subtask {part.SubtaskIndex} wrote it as {entry.Mode} of {entry.TypeName}, another subtask as {state.Mode} of {state.TypeName}.");
                }
                state.Blocks[part.SubtaskIndex] = entry.Units;
                state.Layouts.Add(entry.Layouts);
            }
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0) throw new CheckpointFormatException($"Operator '{operatorUid}': the state of subtask {missing} of {parallelism} is missing.");
        var assembled = new OperatorState[states.Count];
        for (var i = 0; i < assembled.Length; i++)
        {
            var state = states[i];
            assembled[i] = new OperatorState(state.Name, state.Mode, state.TypeName, MergeLayouts(operatorUid, state.Name, state.Layouts), state.Blocks);
        }
        return new OperatorSnapshot(operatorUid, parallelism, checkpointId, assembled);
    }

    private static AssembledState? FindAssembled(List<AssembledState> states, string name)
    {
        foreach (var state in states)
            if (string.Equals(state.Name, name, StringComparison.Ordinal)) return state;
        return null;
    }

    /// <summary>One state while its subtasks' parts are gathered: a block per old subtask (empty until one is seen).</summary>
    private sealed class AssembledState(string name, Redistribution mode, string typeName, int parallelism)
    {
        public string Name { get; } = name;
        public Redistribution Mode { get; } = mode;
        public string TypeName { get; } = typeName;
        public UnitBlock[] Blocks { get; } = NewBlocks(parallelism);
        public List<IReadOnlyList<StoredLayout>> Layouts { get; } = new(parallelism);

        private static UnitBlock[] NewBlocks(int parallelism)
        {
            var blocks = new UnitBlock[parallelism];
            Array.Fill(blocks, UnitBlock.Empty);
            return blocks;
        }
    }

    // The owner's names travel as the state argument, so merging allocates no closure unless layouts conflict.
    private static IReadOnlyList<StoredLayout> MergeLayouts(string operatorUid, string stateName, List<IReadOnlyList<StoredLayout>> parts) =>
        StoredLayout.Merge(parts, (operatorUid, stateName), static (owner, one, other) => new CheckpointFormatException(
            $"Operator '{owner.operatorUid}', state '{owner.stateName}': its subtasks stored different layouts of {one.TypeName}: " +
            $"({string.Join(", ", one.Members)}) and ({string.Join(", ", other.Members)})."));

    /// <summary>The snapshot as bytes: a framed, checksummed file (Format/OperatorSnapshotCodec.cs).</summary>
    public byte[] ToBytes() => OperatorSnapshotCodec.Encode(this);

    /// <summary>Reads bytes written by <see cref="ToBytes"/>. Damaged input throws <see cref="CheckpointFormatException"/> and nothing else.</summary>
    public static OperatorSnapshot FromBytes(ReadOnlySpan<byte> bytes) => OperatorSnapshotCodec.Decode(bytes);

    private OperatorState Find(string stateName) =>
        States.FirstOrDefault(s => s.Name == stateName)
        ?? throw new KeyNotFoundException($"Operator '{OperatorUid}' has no state named '{stateName}'. It has: {string.Join(", ", States.Select(s => s.Name))}.");
}
