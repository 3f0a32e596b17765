using System.Text;
using Checkpointing.Kafka.Testing;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Tests.Cluster;

/// <summary>One mock cluster for all Kafka tests (each test uses its own topics), stopped after the last test.</summary>
public sealed class KafkaClusterFixture : IDisposable
{
    private int topics;

    public MockKafkaCluster Cluster { get; } = new(brokers: 3);

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A new topic with a unique name.</summary>
    public string CreateTopic(string name, int partitions)
    {
        var topic = $"{name}-{Interlocked.Increment(ref topics)}";
        Cluster.CreateTopic(topic, partitions);
        return topic;
    }

    /// <summary>Writes <paramref name="perPartition"/> records "partition:offset" into each partition, without transactions.</summary>
    public void Fill(string topic, int partitions, int perPartition, Func<int, int, string>? value = null, DateTime? timestamp = null)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 }).Build();
        for (var p = 0; p < partitions; p++)
        {
            for (var i = 0; i < perPartition; i++)
            {
                var message = new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes(value?.Invoke(p, i) ?? $"{p}:{i}") };
                if (timestamp is { } at) message.Timestamp = new Timestamp(at.AddMilliseconds(i));
                producer.Produce(new TopicPartition(topic, p), message);
            }
        }
        if (producer.Flush(TimeSpan.FromSeconds(30)) > 0) throw new TimeoutException($"Could not fill {topic}.");
    }

    /// <summary>Every record of <paramref name="topic"/> (read_committed), read up to the end of each partition.</summary>
    public IReadOnlyList<ConsumeResult<byte[], byte[]>> ReadAll(string topic, TimeSpan? limit = null)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "verifier",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var open = new HashSet<TopicPartition>(partitions);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Reading {topic} did not reach the end of {string.Join(", ", open)}.");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null) continue;
            if (result.IsPartitionEOF) open.Remove(result.TopicPartition);
            else records.Add(result);
        }
        return records;
    }

    /// <summary>The offsets <paramref name="group"/> committed for the partitions of <paramref name="topic"/>.</summary>
    public IReadOnlyList<long> Committed(string topic, int partitions, string group)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        return [.. consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10)).Select(o => o.Offset.Value)];
    }

    /// <summary>Commits <paramref name="offsets"/> for <paramref name="group"/>.</summary>
    public void Commit(string group, params TopicPartitionOffset[] offsets)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        consumer.Commit(offsets);
    }

    public void Dispose() => Cluster.Dispose();
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
