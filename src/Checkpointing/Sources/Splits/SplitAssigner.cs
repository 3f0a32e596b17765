using System.IO.Hashing;
using System.Text;

namespace Checkpointing;

/// <summary>
/// Which subtask owns a newly discovered split, the same on every subtask and in every process: the group's hash picks
/// a start subtask and the group's splits follow it round-robin (the arithmetic of Flink's
/// <c>KafkaTopicPartitionAssigner</c>), so the partitions of one topic spread evenly and different topics start at
/// different subtasks. The hash is XxHash32 of the UTF-8 name, not <see cref="string.GetHashCode()"/>, which differs
/// between processes.
/// </summary>
public static class SplitAssigner
{
    /// <summary>The subtask (0 ≤ result &lt; <paramref name="parallelism"/>) that owns split <paramref name="index"/> of <paramref name="group"/>.</summary>
    public static int OwnerOf(string group, int index, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallelism);
        var start = (int)((StableHash(group) * 31) & 0x7FFFFFFF) % parallelism;
        return (int)((start + (long)index) % parallelism);
    }

    /// <summary>The owner of <paramref name="split"/> at <paramref name="parallelism"/>.</summary>
    public static int OwnerOf(ISourceSplit split, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(split);
        return OwnerOf(split.AssignmentGroup, split.AssignmentIndex, parallelism);
    }

    private static uint StableHash(string group)
    {
        var bytes = Encoding.UTF8.GetBytes(group);
        return XxHash32.HashToUInt32(bytes);
    }
}
