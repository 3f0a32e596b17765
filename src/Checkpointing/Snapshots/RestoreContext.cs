using Checkpointing.Serialization.Formatters;
using Checkpointing.Serialization.Layouts;
using System.Runtime.CompilerServices;
using MessagePack.Formatters;
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
    IReadOnlyDictionary<string, AssignedState> states)
    : IRestoreContext, Serialization.Generated.ICollectionRestoring, Serialization.Generated.IUnitBytesRestoring
{
    // The names read so far, each once: a function reads a few states, so a list is enough and allocates less.
    private readonly List<string> restored = new(states.Count);

    public long CheckpointId { get; } = checkpointId;
    public int SubtaskIndex { get; } = subtaskIndex;
    public int Parallelism { get; } = parallelism;
    public int PreviousParallelism { get; } = previousParallelism;

    public bool Contains(string stateName) => states.ContainsKey(stateName);

    public IReadOnlyList<T> Get<T>(ListStateDescriptor<T> state) => TryGet(state, out var units) ? units : [];

    public bool TryGet<T>(ListStateDescriptor<T> state, out IReadOnlyList<T> units)
    {
        var found = TryBuild(state, CollectionBuilders.List<T>(), out var list);
        units = found ? list : [];
        return found;
    }

    /// <summary>
    /// Decodes the units of <paramref name="state"/> straight into the collection <paramref name="builder"/> makes, so a
    /// generated dictionary field is filled as its entries are decoded, with no list in between.
    /// </summary>
    public bool TryBuild<T, TCollection>(ListStateDescriptor<T> state, ICollectionBuilder<T, TCollection> builder, out TCollection collection)
    {
        if (!TryAssigned(state, out var assigned))
        {
            collection = default!;
            return false;
        }
        collection = Decode(state, assigned, builder);
        return true;
    }

    /// <summary>
    /// The bytes of each unit of <paramref name="state"/>, undecoded: one chunk per unit when every non-empty chunk holds
    /// exactly one (a scalar state: each old subtask wrote one unit), else null.
    /// </summary>
    public bool TryGetUnitBytes<T>(ListStateDescriptor<T> state, out IReadOnlyList<ReadOnlyMemory<byte>>? units, out MessagePack.MessagePackSerializerOptions options)
    {
        if (!TryAssigned(state, out var assigned))
        {
            units = null;
            options = Serialization.CheckpointFormatters.Options;
            return false;
        }
        options = assigned.Options;
        var each = new List<ReadOnlyMemory<byte>>(assigned.Count);
        foreach (var chunk in assigned.Chunks)
            if (!chunk.IsEmpty) each.Add(chunk);
        units = each.Count == assigned.Count ? each : null;
        return true;
    }

    /// <summary>The share of <paramref name="state"/>, marked as restored; false when the checkpoint has none.</summary>
    private bool TryAssigned<T>(ListStateDescriptor<T> state, out AssignedState assigned)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!states.TryGetValue(state.Name, out assigned!)) return false;
        if (assigned.Mode != state.Mode)
            throw new CheckpointRestoreException(
                $"Operator '{operatorUid}', state '{state.Name}': incompatible state assignment modes. Was {assigned.Mode}, registered with {state.Mode}.");
        if (!restored.Contains(state.Name)) restored.Add(state.Name);
        return true;
    }

    /// <summary>The options to read values of <paramref name="stateName"/> with (scalar units read their fields after the units).</summary>
    public MessagePack.MessagePackSerializerOptions OptionsFor(string stateName) =>
        states.TryGetValue(stateName, out var assigned) ? assigned.Options : Serialization.CheckpointFormatters.Options;

    /// <summary>The states in the checkpoint that the function did not read.</summary>
    public IEnumerable<AssignedState> Unrestored => states.Values.Where(s => !restored.Contains(s.Name));

    /// <summary>Whether the function read every state of its share (only names of the share are marked restored).</summary>
    public bool RestoredAll => restored.Count == states.Count;

    private TCollection Decode<T, TCollection>(ListStateDescriptor<T> state, AssignedState assigned, ICollectionBuilder<T, TCollection> builder)
    {
        var options = assigned.Options;
        if (state.Formatter is ILayoutFormatter root) options.AliasRoot(root.Layout);
        var units = new UnitReader<T>(assigned.Chunks, state.Formatter, options);
        TCollection result;
        try
        {
            result = builder.Build(assigned.Count, ref units);
        }
        catch (Exception e) when (e is not CheckpointRestoreException)
        {
            throw new CheckpointRestoreException(
                $"Operator '{operatorUid}', state '{state.Name}', subtask {SubtaskIndex}: unit {units.Index} was written as {assigned.TypeName} and cannot be read as {state.TypeName}: {e.Message}", e);
        }
        if (!units.AtEnd)
            throw new CheckpointRestoreException($"Operator '{operatorUid}', state '{state.Name}': expected {assigned.Count} units, but more bytes follow them.");
        return result;
    }
}

/// <summary>A state's units across the chunks assigned to one subtask, decoded one by one as a builder asks for them.</summary>
internal ref struct UnitReader<T>(IReadOnlyList<ReadOnlyMemory<byte>> chunks, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options)
    : IElementSource<T>
{
    // Units with a span codec (long, int, double, string held by the built-in formatters) are decoded straight from the
    // chunk's span, without the reader's sequence bookkeeping per unit (the snapshot side encodes them the same way).
    private readonly ISpanUnits<T>? spans = SpanUnits.For(formatter);
    private MessagePackReader reader; // starts at its end, so the first unit moves to the first chunk
    private ReadOnlySpan<byte> span; // the chunk being read, with a span codec
    private int position;
    private int chunk = -1;

    /// <summary>The unit being decoded (for error messages).</summary>
    public int Index { get; private set; } = -1;

    /// <summary>Whether every byte of every chunk was decoded.</summary>
    public readonly bool AtEnd
    {
        get
        {
            if (chunk >= 0 && (spans is not null ? position < span.Length : !reader.End)) return false;
            for (var rest = chunk + 1; rest < chunks.Count; rest++)
                if (!chunks[rest].IsEmpty) return false;
            return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Next()
    {
        Index++;
        if (spans is not null)
        {
            if (position >= span.Length) NextSpan();
            return spans.Read(span, ref position);
        }
        if (reader.End) NextChunk();
        return formatter.Deserialize(ref reader, options);
    }

    private void NextChunk()
    {
        do
        {
            if (++chunk >= chunks.Count) throw new EndOfStreamException($"The state's bytes end after {Index} units.");
            reader = new MessagePackReader(chunks[chunk]);
        }
        while (reader.End);
    }

    private void NextSpan()
    {
        do
        {
            if (++chunk >= chunks.Count) throw new EndOfStreamException($"The state's bytes end after {Index} units.");
            span = chunks[chunk].Span;
            position = 0;
        }
        while (span.IsEmpty);
    }
}
