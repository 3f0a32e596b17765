namespace Checkpointing.Kafka;

/// <summary>Where a <see cref="KafkaSource{T}"/> starts reading a partition it has no checkpointed offset for.</summary>
public sealed class KafkaStartingOffsets
{
    private KafkaStartingOffsets(Kind kind, DateTimeOffset timestamp = default, IReadOnlyDictionary<(string Topic, int Partition), long>? offsets = null)
    {
        Mode = kind;
        Timestamp = timestamp;
        Offsets = offsets ?? new Dictionary<(string, int), long>();
    }

    /// <summary>The kinds of starting position.</summary>
    public enum Kind
    {
        /// <summary>The partition's first retained record.</summary>
        Earliest,
        /// <summary>The partition's end when the partition is first assigned: only records written after that.</summary>
        Latest,
        /// <summary>The offsets committed by the source's consumer group; earliest where the group has none.</summary>
        Committed,
        /// <summary>The first record whose timestamp is at or after <see cref="Timestamp"/>; the end where there is none.</summary>
        Timestamp,
        /// <summary>The offsets in <see cref="Offsets"/>; earliest for partitions not listed.</summary>
        Explicit,
    }

    /// <summary>Which kind of position this is.</summary>
    public Kind Mode { get; }

    /// <summary>For <see cref="Kind.Timestamp"/>: the time to start at.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>For <see cref="Kind.Explicit"/>: the offset per topic and partition.</summary>
    public IReadOnlyDictionary<(string Topic, int Partition), long> Offsets { get; }

    /// <summary>Start at each partition's first retained record.</summary>
    public static KafkaStartingOffsets Earliest { get; } = new(Kind.Earliest);

    /// <summary>Start at each partition's end as of its assignment.</summary>
    public static KafkaStartingOffsets Latest { get; } = new(Kind.Latest);

    /// <summary>Start at the offsets committed by <see cref="KafkaSourceOptions.GroupId"/>, earliest where none.</summary>
    public static KafkaStartingOffsets Committed { get; } = new(Kind.Committed);

    /// <summary>Start at the first record at or after <paramref name="timestamp"/>.</summary>
    public static KafkaStartingOffsets FromTimestamp(DateTimeOffset timestamp) => new(Kind.Timestamp, timestamp);

    /// <summary>Start at the given offsets; earliest for partitions not listed.</summary>
    public static KafkaStartingOffsets FromOffsets(IReadOnlyDictionary<(string Topic, int Partition), long> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        return new(Kind.Explicit, offsets: new Dictionary<(string, int), long>(offsets));
    }

    /// <inheritdoc />
    public override string ToString() => Mode.ToString();
}
