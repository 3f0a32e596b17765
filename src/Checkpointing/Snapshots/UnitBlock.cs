using MessagePack;

namespace Checkpointing.Snapshots;

/// <summary>
/// One subtask's units of one state: <see cref="Count"/> MessagePack values back to back. Redistribution moves
/// ranges of units without decoding them; only the restoring function decodes its own units, with its own formatter.
/// </summary>
internal sealed class UnitBlock
{
    public static readonly UnitBlock Empty = new(ReadOnlyMemory<byte>.Empty, 0);

    private int[]? offsets;

    public UnitBlock(ReadOnlyMemory<byte> bytes, int count)
    {
        Bytes = bytes;
        Count = count;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

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
        var reader = new MessagePackReader(Bytes);
        try
        {
            for (var i = 0; i < Count; i++)
            {
                if (reader.End) throw new CheckpointFormatException($"{what}: announces {Count} units but holds only {i}.");
                SkipValue(ref reader);
            }
        }
        catch (Exception e) when (e is not CheckpointFormatException)
        {
            throw new CheckpointFormatException($"{what}: a unit is not well-formed MessagePack at byte {reader.Consumed}: {e.Message}", e);
        }
        if (!reader.End) throw new CheckpointFormatException($"{what}: {Bytes.Length - reader.Consumed} bytes follow the last of its {Count} units.");
    }

    private int[] ComputeOffsets()
    {
        var result = new int[Count + 1];
        var reader = new MessagePackReader(Bytes);
        for (var i = 0; i < Count; i++)
        {
            result[i] = (int)reader.Consumed;
            SkipValue(ref reader);
        }
        result[Count] = (int)reader.Consumed;
        return result;
    }

    private static void SkipValue(ref MessagePackReader reader)
    {
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += reader.ReadArrayHeader();
                    break;
                case MessagePackType.Map:
                    pending += 2L * reader.ReadMapHeader();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }
}
