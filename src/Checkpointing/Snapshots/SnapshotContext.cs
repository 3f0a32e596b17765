using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Checkpointing.Serialization.Formatters;
using Checkpointing.Serialization.Layouts;
using MessagePack;

namespace Checkpointing.Snapshots;

/// <summary>
/// Collects one function's state during a checkpoint: each unit is serialized at once into the state's buffer, so
/// what the function hands over is captured before the checkpoint lock is released and nothing it mutates later can
/// leak into this checkpoint. Units that cannot change (<see cref="AddUnchanging{T}"/>: a copy the generated code
/// made under the lock, or an immutable collection) are serialized instead in the first asynchronous part, after the
/// lock is released. File I/O happens later, outside the lock.
/// </summary>
internal sealed class SnapshotContext(long checkpointId, long timestamp, string operatorUid) : ISnapshotContext, Serialization.Generated.IDeferredSerialization
{
    // A function has a few states: a list searched by name allocates less than a dictionary, once per checkpoint.
    private readonly List<StateBuffer> states = [];
    private List<Func<CancellationToken, Task>>? asyncParts;

    /// <summary>Work to run outside the lock before the checkpoint completes.</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> AsyncParts => asyncParts ?? (IReadOnlyList<Func<CancellationToken, Task>>)[];

    public void AddAsyncPart(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        (asyncParts ??= []).Add(work);
    }

    public long CheckpointId { get; } = checkpointId;

    public long Timestamp { get; } = timestamp;

    public void Add<T>(ListStateDescriptor<T> state, T unit)
    {
        var buffer = Declare(state);
        buffer.CatchUp();
        var writer = new MessagePackWriter(buffer.Bytes);
        state.Formatter.Serialize(ref writer, unit, buffer.Options);
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
        buffer.CatchUp();
        var writer = new MessagePackWriter(buffer.Bytes);
        var formatter = state.Formatter;
        var options = buffer.Options;
        foreach (var unit in units)
        {
            formatter.Serialize(ref writer, unit, options);
            buffer.Count++;
        }
        writer.Flush();
    }

    public void AddRange<T>(ListStateDescriptor<T> state, ReadOnlySpan<T> units)
    {
        var buffer = Declare(state);
        buffer.CatchUp();
        Write(buffer, state.Formatter, units);
        buffer.Count += units.Length;
    }

    /// <summary>Counted now, serialized after the lock is released; the copy goes back to the pool then.</summary>
    public void AddCopy<T>(ListStateDescriptor<T> state, T[] copy, int count)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var buffer = Declare(state);
        var formatter = state.Formatter;
        buffer.Later(() =>
        {
            Write(buffer, formatter, copy.AsSpan(0, count));
            // Cleared only when it holds references, so the pool keeps no unit alive.
            ArrayPool<T>.Shared.Return(copy, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        });
        buffer.Count += count;
    }

    /// <summary>Counted now, serialized after the lock is released (see <see cref="Serialization.Generated.IDeferredSerialization"/>).</summary>
    public void AddUnchanging<T>(ListStateDescriptor<T> state, IReadOnlyCollection<T> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var buffer = Declare(state);
        var formatter = state.Formatter;
        buffer.Later(() =>
        {
            if (units is T[] array)
            {
                Write(buffer, formatter, array);
                return;
            }
            var writer = new MessagePackWriter(buffer.Bytes);
            foreach (var unit in units) formatter.Serialize(ref writer, unit, buffer.Options);
            writer.Flush();
        });
        buffer.Count += units.Count;
    }

    private static void Write<T>(StateBuffer buffer, MessagePack.Formatters.IMessagePackFormatter<T> formatter, ReadOnlySpan<T> units)
    {
        if (SpanUnits.For(formatter) is { } spans)
        {
            WriteOnSpans(buffer.Bytes, spans, units);
            return;
        }
        var writer = new MessagePackWriter(buffer.Bytes);
        var options = buffer.Options;
        foreach (var unit in units) formatter.Serialize(ref writer, unit, options);
        writer.Flush();
    }

    /// <summary>
    /// Units with a span codec (long, int, double, string held by the built-in formatters): their exact length is
    /// summed first, so they are encoded in one pass into one span of that length (the bytes MessagePack's writer
    /// writes), which becomes the state's bytes without another copy when nothing else was written to it.
    /// </summary>
    private static void WriteOnSpans<T>(PooledBufferWriter bytes, ISpanUnits<T> spans, ReadOnlySpan<T> units)
    {
        var length = spans.Length(units);
        if (length > Array.MaxLength) throw new InvalidOperationException($"A state of {length} bytes does not fit in one array.");
        bytes.Advance(spans.Write(bytes.GetExactSpan((int)length), units));
    }

    /// <summary>
    /// What was written, for subtask <paramref name="subtaskIndex"/> of <paramref name="parallelism"/>. Each state's
    /// bytes end in an array of exactly their length (copied at most once) and the pooled chunks go back to the pool.
    /// </summary>
    public OperatorSubtaskState ToSubtaskState(int subtaskIndex, int parallelism)
    {
        var entries = new SubtaskStateEntry[states.Count];
        UnitBlock[]? later = null;
        var laterCount = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var buffer = states[i];
            UnitBlock block;
            if (buffer.HasLater)
            {
                // Its layouts are noted while it is serialized: the entry holds the live list.
                block = UnitBlock.Later(buffer.Count, buffer.SerializeLater);
                (later ??= new UnitBlock[entries.Length])[laterCount++] = block;
            }
            else
            {
                block = new UnitBlock(buffer.Bytes.Detach(), buffer.Count);
            }
            entries[i] = new SubtaskStateEntry(buffer.Name, buffer.Mode, buffer.TypeName, buffer.Layouts, block);
        }
        // First of the asynchronous parts, so the bytes exist before anything encodes or reads them.
        if (later is not null)
            (asyncParts ??= []).Insert(0, _ =>
            {
                foreach (var block in later) block?.Serialize();
                return Task.CompletedTask;
            });
        return new(operatorUid, subtaskIndex, parallelism, entries);
    }

    /// <summary>
    /// The options to serialize values of <paramref name="state"/> with before they are added as units (scalar units
    /// serialize their fields first), so the layouts of the types written are stored with that state.
    /// </summary>
    public MessagePack.MessagePackSerializerOptions OptionsFor<T>(ListStateDescriptor<T> state) => Declare(state).Options;

    private StateBuffer Declare<T>(ListStateDescriptor<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = Find(state.Name);
        if (buffer is not null)
        {
            if (buffer.Mode != state.Mode || buffer.TypeName != state.TypeName)
                throw new InvalidOperationException(
                    $"Operator '{operatorUid}': state '{state.Name}' was already written in this checkpoint as {buffer.Mode} of {buffer.TypeName}; it cannot also be {state.Mode} of {state.TypeName}. Give each state its own name.");
            return buffer;
        }
        buffer = new StateBuffer(state.Name, state.Mode, state.TypeName);
        states.Add(buffer);
        return buffer;
    }

    private StateBuffer? Find(string name)
    {
        foreach (var buffer in states)
            if (string.Equals(buffer.Name, name, StringComparison.Ordinal)) return buffer;
        return null;
    }

    private sealed class StateBuffer(string name, Redistribution mode, string typeName)
    {
        // Most states queue one write at most (a field's copy): the list is made for a second one.
        private Action? firstLater;
        private List<Action>? moreLater;
        private LayoutRecordingOptions? options;

        public string Name { get; } = name;
        public Redistribution Mode { get; } = mode;
        public string TypeName { get; } = typeName;
        public PooledBufferWriter Bytes { get; } = new();

        /// <summary>The options its units are written with; made on first use (span codecs need none).</summary>
        public LayoutRecordingOptions Options => options ??= new();

        /// <summary>
        /// The layouts noted while its units were written: the live list when writes are queued (they add to it later),
        /// none when nothing needed options (units with span codecs note no layouts).
        /// </summary>
        public IReadOnlyList<StoredLayout> Layouts => HasLater || options is not null ? Options.Layouts : [];

        /// <summary>Units added, serialized or not yet.</summary>
        public int Count { get; set; }

        public bool HasLater => firstLater is not null;

        /// <summary>Queues serialization of units that cannot change, to run after the lock is released.</summary>
        public void Later(Action write)
        {
            if (firstLater is null) firstLater = write;
            else (moreLater ??= []).Add(write);
        }

        /// <summary>Serializes what was queued, in order: before units added at once, so the units keep their order.</summary>
        public void CatchUp()
        {
            if (firstLater is not { } first) return;
            first();
            if (moreLater is not null)
                foreach (var write in moreLater) write();
            (firstLater, moreLater) = (null, null);
        }

        /// <summary>The bytes of a state with queued writes, once they ran (outside the lock).</summary>
        public ReadOnlyMemory<byte> SerializeLater()
        {
            CatchUp();
            return Bytes.Detach();
        }
    }
}

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over chunks rented from <see cref="ArrayPool{T}.Shared"/>. Unlike a growing array it
/// never copies while writing and never allocates more than the final result: <see cref="Detach"/> copies the bytes
/// once into an array of their exact length (the same single copy MessagePackSerializer.Serialize makes) and
/// returns the chunks to the pool. Bytes whose exact length is known before they are written
/// (<see cref="GetExactSpan"/>) go straight into that array, and are not copied at all.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int FirstChunk = 512;
    private const int LargestChunk = 1 << 20;

    private List<(byte[] Chunk, int Length, bool Pooled)>? filled;
    private byte[] current = [];
    private bool currentIsPooled;
    private int used;
    private long filledLength;

    /// <summary>Bytes written so far.</summary>
    public long Length => filledLength + used;

    public void Advance(int count)
    {
        if (count < 0 || used + count > current.Length) throw new ArgumentOutOfRangeException(nameof(count));
        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsSpan(used);
    }

    /// <summary>
    /// A span of exactly <paramref name="length"/> bytes to write next. When nothing was written yet it is a new array
    /// of that length, not a pooled chunk, so that <see cref="Detach"/> can hand it out as it is, without a copy.
    /// </summary>
    public Span<byte> GetExactSpan(int length)
    {
        if (Length > 0 || length < FirstChunk) return GetSpan(length);
        Release();
        current = GC.AllocateUninitializedArray<byte>(length);
        currentIsPooled = false;
        return current;
    }

    /// <summary>The bytes written, in one exact-length array; the writer is empty afterwards.</summary>
    public ReadOnlyMemory<byte> Detach()
    {
        var length = Length;
        if (length == 0)
        {
            Release();
            return ReadOnlyMemory<byte>.Empty;
        }
        if (filled is null && !currentIsPooled && used == current.Length)
        {
            var whole = current;
            current = [];
            used = 0;
            return whole;
        }
        if (length > Array.MaxLength) throw new InvalidOperationException($"A state of {length} bytes does not fit in one array.");
        var result = GC.AllocateUninitializedArray<byte>((int)length);
        var offset = 0;
        if (filled is not null)
        {
            foreach (var (chunk, chunkLength, _) in filled)
            {
                chunk.AsSpan(0, chunkLength).CopyTo(result.AsSpan(offset));
                offset += chunkLength;
            }
        }
        current.AsSpan(0, used).CopyTo(result.AsSpan(offset));
        Release();
        return result;
    }

    private void Reserve(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (current.Length - used >= sizeHint) return;
        if (used > 0)
        {
            (filled ??= []).Add((current, used, currentIsPooled));
            filledLength += used;
        }
        else
        {
            ReturnIfPooled(current, currentIsPooled);
        }
        current = [];
        used = 0;
        // Chunks grow with what was written (so small states stay small and large ones take few chunks).
        var size = (int)Math.Clamp(filledLength, FirstChunk, LargestChunk);
        current = ArrayPool<byte>.Shared.Rent(Math.Max(size, sizeHint));
        currentIsPooled = true;
    }

    private void Release()
    {
        if (filled is not null)
        {
            // The pool takes back only what it lent (an array of GetExactSpan is not).
            foreach (var (chunk, _, pooled) in filled) ReturnIfPooled(chunk, pooled);
            filled = null;
        }
        ReturnIfPooled(current, currentIsPooled);
        current = [];
        used = 0;
        filledLength = 0;
    }

    private static void ReturnIfPooled(byte[] chunk, bool pooled)
    {
        if (pooled && chunk.Length > 0) ArrayPool<byte>.Shared.Return(chunk);
    }
}
