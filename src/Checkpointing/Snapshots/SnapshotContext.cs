using System.Buffers;
using System.Runtime.InteropServices;
using Checkpointing.Serialization;
using MessagePack;

namespace Checkpointing.Snapshots;

/// <summary>
/// Collects one function's state during a checkpoint: each unit is serialized at once into the state's buffer, so
/// what the function hands over is captured before the checkpoint lock is released and nothing it mutates later can
/// leak into this checkpoint. File I/O happens later, outside the lock.
/// </summary>
internal sealed class SnapshotContext(long checkpointId, long timestamp, string operatorUid) : ISnapshotContext
{
    private readonly Dictionary<string, StateBuffer> states = new(StringComparer.Ordinal);

    /// <summary>Work to run outside the lock before the checkpoint completes.</summary>
    public List<Func<CancellationToken, Task>> AsyncParts { get; } = [];

    public void AddAsyncPart(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        AsyncParts.Add(work);
    }

    public long CheckpointId { get; } = checkpointId;

    public long Timestamp { get; } = timestamp;

    public void Add<T>(ListStateDescriptor<T> state, T unit)
    {
        var buffer = Declare(state);
        var writer = new MessagePackWriter(buffer.Bytes);
        state.Formatter.Serialize(ref writer, unit, CheckpointFormatters.Options);
        writer.Flush();
        buffer.Count++;
    }

    public void AddRange<T>(ListStateDescriptor<T> state, IEnumerable<T> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        switch (units)
        {
            case T[] array: AddRange(state, array.AsSpan()); return;
            case List<T> list: AddRange(state, CollectionsMarshal.AsSpan(list)); return;
        }
        var buffer = Declare(state);
        var writer = new MessagePackWriter(buffer.Bytes);
        var formatter = state.Formatter;
        foreach (var unit in units)
        {
            formatter.Serialize(ref writer, unit, CheckpointFormatters.Options);
            buffer.Count++;
        }
        writer.Flush();
    }

    public void AddRange<T>(ListStateDescriptor<T> state, ReadOnlySpan<T> units)
    {
        var buffer = Declare(state);
        var writer = new MessagePackWriter(buffer.Bytes);
        var formatter = state.Formatter;
        foreach (var unit in units) formatter.Serialize(ref writer, unit, CheckpointFormatters.Options);
        writer.Flush();
        buffer.Count += units.Length;
    }

    /// <summary>What was written, for subtask <paramref name="subtaskIndex"/> of <paramref name="parallelism"/>.</summary>
    public OperatorSubtaskState ToSubtaskState(int subtaskIndex, int parallelism) =>
        new(operatorUid, subtaskIndex, parallelism,
            [.. states.Select(s => new SubtaskStateEntry(s.Key, s.Value.Mode, s.Value.TypeName, new UnitBlock(s.Value.Bytes.WrittenMemory, s.Value.Count)))]);

    private StateBuffer Declare<T>(ListStateDescriptor<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (states.TryGetValue(state.Name, out var buffer))
        {
            if (buffer.Mode != state.Mode || buffer.TypeName != state.TypeName)
                throw new InvalidOperationException(
                    $"Operator '{operatorUid}': state '{state.Name}' was already written in this checkpoint as {buffer.Mode} of {buffer.TypeName}; it cannot also be {state.Mode} of {state.TypeName}. Give each state its own name.");
            return buffer;
        }
        buffer = new StateBuffer(state.Mode, state.TypeName);
        states.Add(state.Name, buffer);
        return buffer;
    }

    private sealed class StateBuffer(Redistribution mode, string typeName)
    {
        public Redistribution Mode { get; } = mode;
        public string TypeName { get; } = typeName;
        public ArrayBufferWriter<byte> Bytes { get; } = new();
        public int Count { get; set; }
    }
}
