using Checkpointing.Format;

namespace Checkpointing.Snapshots;

/// <summary>
/// One subtask's units of one state: <see cref="Count"/> MessagePack values back to back. Redistribution moves
/// ranges of units without decoding them; only the restoring function decodes its own units, with its own formatter.
/// A block made by <see cref="Later"/> holds units captured under the checkpoint lock that are serialized by
/// <see cref="Serialize"/> in the snapshot's asynchronous part, before anything reads its bytes.
/// </summary>
internal sealed class UnitBlock
{
    public static readonly UnitBlock Empty = new(ReadOnlyMemory<byte>.Empty, 0);

    private int[]? offsets;
    private ReadOnlyMemory<byte> bytes;
    private Func<ReadOnlyMemory<byte>>? serialize;

    public UnitBlock(ReadOnlyMemory<byte> bytes, int count)
    {
        this.bytes = bytes;
        Count = count;
    }

    /// <summary>A block of <paramref name="count"/> units whose bytes <paramref name="serialize"/> writes later, outside the lock.</summary>
    public static UnitBlock Later(int count, Func<ReadOnlyMemory<byte>> serialize) => new(ReadOnlyMemory<byte>.Empty, count) { serialize = serialize };

    /// <summary>Whether the bytes exist (false for a block made by <see cref="Later"/> until <see cref="Serialize"/>).</summary>
    public bool IsSerialized => serialize is null;

    /// <summary>Writes the bytes of a block made by <see cref="Later"/>; nothing for any other.</summary>
    public void Serialize()
    {
        if (serialize is not { } write) return;
        bytes = write();
        serialize = null;
    }

    public ReadOnlyMemory<byte> Bytes => serialize is null
        ? bytes
        : throw new InvalidOperationException("The units of this state were captured under the checkpoint lock and are not serialized yet; the snapshot's asynchronous part serializes them.");

    public int Count { get; }

    /// <summary>The bytes of units <c>[start, start + count)</c>.</summary>
    public ReadOnlyMemory<byte> Slice(int start, int count)
    {
        if (start == 0 && count == Count) return Bytes;
        offsets ??= ComputeOffsets();
        return Bytes[offsets[start]..offsets[start + count]];
    }

    /// <summary>
    /// Checks that the bytes hold exactly <see cref="Count"/> well-formed MessagePack values. Walks iteratively, so a
    /// deeply nested crafted value cannot exhaust the stack.
    /// </summary>
    public void Validate(string what)
    {
        var bytes = Bytes.Span;
        var position = 0;
        try
        {
            for (var i = 0; i < Count; i++)
            {
                if (position == bytes.Length) throw new CheckpointFormatException($"{what}: announces {Count} units but holds only {i}.");
                position = MessagePackScanner.SkipValue(bytes, position);
            }
        }
        catch (MalformedMessagePackException e)
        {
            throw new CheckpointFormatException($"{what}: a unit is not well-formed MessagePack at byte {e.Position}: {e.Message}", e);
        }
        if (position != bytes.Length) throw new CheckpointFormatException($"{what}: {bytes.Length - position} bytes follow the last of its {Count} units.");
    }

    private int[] ComputeOffsets()
    {
        var bytes = Bytes.Span;
        var result = new int[Count + 1];
        var position = 0;
        try
        {
            for (var i = 0; i < Count; i++)
            {
                result[i] = position;
                position = MessagePackScanner.SkipValue(bytes, position);
            }
        }
        catch (MalformedMessagePackException e)
        {
            throw new CheckpointFormatException($"A unit is not well-formed MessagePack at byte {e.Position}: {e.Message}", e);
        }
        result[Count] = position;
        return result;
    }
}
