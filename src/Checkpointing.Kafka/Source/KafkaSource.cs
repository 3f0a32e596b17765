using Confluent.Kafka;

namespace Checkpointing.Kafka;

/// <summary>
/// Reads Kafka topics exactly once into a job (Flink's Kafka source): each partition is a split of
/// <see cref="SplitSource{TSplit, T}"/>, its next offset checkpointed, so a restore at any parallelism resumes every
/// partition where the checkpoint left it. Partitions are assigned by the job, never by a consumer-group rebalance;
/// new partitions and topics are found every <see cref="KafkaSourceOptions.PartitionDiscoveryInterval"/> and read by
/// exactly one subtask. Checkpointed offsets are committed to <see cref="KafkaSourceOptions.GroupId"/> when a checkpoint
/// completes, for monitoring only.
/// </summary>
public sealed class KafkaSource<T> : SplitSource<KafkaPartitionSplit, T>
{
    private readonly KafkaSourceOptions options;
    private readonly Func<KafkaRecord, T> deserialize;
    private IAdminClient? admin;

    /// <summary>Reads what <paramref name="options"/> selects; <paramref name="deserialize"/> turns a record into <typeparamref name="T"/>.</summary>
    public KafkaSource(KafkaSourceOptions options, Func<KafkaRecord, T> deserialize) : base(KafkaPartitionSplitFormatter.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deserialize);
        options.Validate();
        this.options = options;
        this.deserialize = deserialize;
    }

    /// <inheritdoc />
    protected override TimeSpan? DiscoveryInterval => options.PartitionDiscoveryInterval;

    /// <summary>Bounded only with <see cref="KafkaSourceOptions.StopAtLatest"/>.</summary>
    protected override bool IsBounded => options.StopAtLatest;

    /// <inheritdoc />
    protected override IReadOnlyList<KafkaPartitionSplit> DiscoverSplits()
    {
        admin ??= new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build();
        var metadata = options.TopicPattern is null && options.Topics.Count == 1
            ? admin.GetMetadata(options.Topics[0], TimeSpan.FromSeconds(30))
            : admin.GetMetadata(TimeSpan.FromSeconds(30));
        return [.. metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && options.Selects(t.Topic))
            .OrderBy(t => t.Topic, StringComparer.Ordinal)
            .SelectMany(t => t.Partitions.OrderBy(p => p.PartitionId).Select(p => new KafkaPartitionSplit(t.Topic, p.PartitionId, KafkaPartitionSplit.Unresolved)))];
    }

    /// <inheritdoc />
    protected override SplitReader<KafkaPartitionSplit, T> CreateReader() =>
        new KafkaPartitionReader<T>(options, deserialize, RuntimeContext);

    /// <inheritdoc />
    public override void Close()
    {
        admin?.Dispose();
        admin = null;
        base.Close();
    }
}
