using System.Text.RegularExpressions;

namespace Checkpointing.Kafka;

/// <summary>What a <see cref="KafkaSource{T}"/> reads and how.</summary>
public sealed class KafkaSourceOptions
{
    /// <summary>The cluster's <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topics to read; or set <see cref="TopicPattern"/>.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Read every topic whose whole name matches; topics created later are found by partition discovery.</summary>
    public Regex? TopicPattern { get; init; }

    /// <summary>Where partitions without a checkpointed offset start. Default: <see cref="KafkaStartingOffsets.Earliest"/>.</summary>
    public KafkaStartingOffsets StartingOffsets { get; init; } = KafkaStartingOffsets.Earliest;

    /// <summary>
    /// The consumer group: whose committed offsets <see cref="KafkaStartingOffsets.Committed"/> reads, and where the
    /// checkpointed offsets are committed when a checkpoint completes (for monitoring only: recovery uses the
    /// checkpoint). The source never joins the group: partitions are assigned by the job.
    /// </summary>
    public string? GroupId { get; init; }

    /// <summary>Whether to commit checkpointed offsets to <see cref="GroupId"/> when a checkpoint completes. Default: true.</summary>
    public bool CommitOffsetsOnCheckpoint { get; init; } = true;

    /// <summary>How often to look for new partitions and topics; <c>null</c>: only at the start.</summary>
    public TimeSpan? PartitionDiscoveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, each partition is read up to its end as of its assignment and the source then ends (a bounded job).</summary>
    public bool StopAtLatest { get; init; }

    /// <summary>Skip records the deserializer throws on (counted in <c>checkpointing.kafka.source.records_skipped</c>, logged) instead of failing the job.</summary>
    public bool SkipBadRecords { get; init; }

    /// <summary>At most this many records are emitted per critical section. Default 500.</summary>
    public int MaxRecordsPerBatch { get; init; } = 500;

    /// <summary>Further consumer settings (librdkafka names), applied last.</summary>
    public IReadOnlyDictionary<string, string> ConsumerConfig { get; init; } = new Dictionary<string, string>();

    internal bool Selects(string topic) =>
        TopicPattern is { } pattern ? pattern.IsMatch(topic) && pattern.Match(topic).Length == topic.Length : Topics.Contains(topic, StringComparer.Ordinal);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(BootstrapServers)) throw new ArgumentException("KafkaSourceOptions.BootstrapServers is required.");
        if (Topics.Count == 0 && TopicPattern is null) throw new ArgumentException("KafkaSourceOptions needs Topics or a TopicPattern.");
        if (Topics.Count > 0 && TopicPattern is not null) throw new ArgumentException("KafkaSourceOptions takes Topics or a TopicPattern, not both.");
        if (StartingOffsets.Mode == KafkaStartingOffsets.Kind.Committed && GroupId is null)
            throw new ArgumentException("KafkaStartingOffsets.Committed needs KafkaSourceOptions.GroupId.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRecordsPerBatch);
    }
}
