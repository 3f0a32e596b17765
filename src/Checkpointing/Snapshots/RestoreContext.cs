using Checkpointing.Serialization.Layouts;
using MessagePack;

namespace Checkpointing.Snapshots;

/// <summary>
/// The units one new subtask receives for one state: byte ranges of old subtasks' blocks, in old-subtask order, and
/// the layouts stored with them.
/// </summary>
internal sealed record AssignedState(string Name, Redistribution Mode, string TypeName, IReadOnlyList<StoredLayout> Layouts, IReadOnlyList<ReadOnlyMemory<byte>> Chunks, int Count)
{
    private LayoutMappingOptions? options;

    /// <summary>The options its units are read with: stored layouts mapped to the types as declared now.</summary>
    public LayoutMappingOptions Options => options ??= new LayoutMappingOptions(Layouts);
}

/// <summary>
/// Hands a function its share of restored state and decodes it with the function's own formatters. Remembers which
/// states were read, so state nobody restored is reported instead of silently dropped.
/// </summary>
internal sealed class RestoreContext(
    string operatorUid, long checkpointId, int subtaskIndex, int parallelism, int previousParallelism,
    IReadOnlyDictionary<string, AssignedState> states) : IRestoreContext
{
    private readonly HashSet<string> restored = new(StringComparer.Ordinal);

    public long CheckpointId { get; } = checkpointId;
    public int SubtaskIndex { get; } = subtaskIndex;
    public int Parallelism { get; } = parallelism;
    public int PreviousParallelism { get; } = previousParallelism;

    public bool Contains(string stateName) => states.ContainsKey(stateName);

    public IReadOnlyList<T> Get<T>(ListStateDescriptor<T> state) => TryGet(state, out var units) ? units : [];

    public bool TryGet<T>(ListStateDescriptor<T> state, out IReadOnlyList<T> units)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!states.TryGetValue(state.Name, out var assigned))
        {
            units = [];
            return false;
        }
        if (assigned.Mode != state.Mode)
            throw new CheckpointRestoreException(
                $"Operator '{operatorUid}', state '{state.Name}': incompatible state assignment modes. Was {assigned.Mode}, registered with {state.Mode}.");
        restored.Add(state.Name);
        units = Decode(state, assigned);
        return true;
    }

    /// <summary>The options to read values of <paramref name="stateName"/> with (scalar units read their fields after the units).</summary>
    public MessagePack.MessagePackSerializerOptions OptionsFor(string stateName) =>
        states.TryGetValue(stateName, out var assigned) ? assigned.Options : Serialization.CheckpointFormatters.Options;

    /// <summary>The states in the checkpoint that the function did not read.</summary>
    public IEnumerable<AssignedState> Unrestored => states.Values.Where(s => !restored.Contains(s.Name));

    /// <summary>
    /// Decodes into a fresh list that the caller may keep: generated code hands it straight to a <c>List&lt;T&gt;</c>
    /// field instead of copying every unit once more.
    /// </summary>
    private List<T> Decode<T>(ListStateDescriptor<T> state, AssignedState assigned)
    {
        var result = new List<T>(assigned.Count);
        var formatter = state.Formatter;
        var options = assigned.Options;
        if (formatter is ILayoutFormatter root) options.AliasRoot(root.Layout);
        var index = 0;
        try
        {
            foreach (var chunk in assigned.Chunks)
            {
                var reader = new MessagePackReader(chunk);
                while (!reader.End)
                {
                    result.Add(formatter.Deserialize(ref reader, options));
                    index++;
                }
            }
        }
        catch (Exception e) when (e is not CheckpointRestoreException)
        {
            throw new CheckpointRestoreException(
                $"Operator '{operatorUid}', state '{state.Name}', subtask {SubtaskIndex}: unit {index} was written as {assigned.TypeName} and cannot be read as {state.TypeName}: {e.Message}", e);
        }
        if (index != assigned.Count)
            throw new CheckpointRestoreException($"Operator '{operatorUid}', state '{state.Name}': expected {assigned.Count} units, decoded {index}.");
        return result;
    }
}
