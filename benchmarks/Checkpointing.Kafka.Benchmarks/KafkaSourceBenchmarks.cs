using System.Text;
using BenchmarkDotNet.Attributes;
using Checkpointing.Kafka.Testing;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Benchmarks;

/// <summary>Records/s read from one 6-partition mock-cluster topic: KafkaSource (parallelism 1, checkpoints every second) into a discarding sink vs a bare consume loop.</summary>
public class KafkaSourceBenchmarks
{
    private MockKafkaCluster cluster = null!;
    private string topic = "";
    private int records;

    [GlobalSetup]
    public void Setup()
    {
        records = BenchmarkSizes.Records;
        cluster = new MockKafkaCluster(3);
        topic = "bench-source";
        cluster.CreateTopic(topic, 6);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 20 }).Build();
        var value = Encoding.UTF8.GetBytes(new string('x', 100));
        for (var i = 0; i < records; i++) producer.Produce(new TopicPartition(topic, i % 6), new Message<byte[], byte[]> { Value = value });
        producer.Flush(TimeSpan.FromMinutes(2));
    }

    [GlobalCleanup]
    public void Cleanup() => cluster.Dispose();

    [Benchmark(Baseline = true, Description = "bare consume loop")]
    public long BareConsumeLoop()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "bench-bare", EnableAutoCommit = false, IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        long bytes = 0;
        for (var seen = 0; seen < records;)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException("bare loop stalled");
            bytes += result.Message.Value.Length;
            seen++;
        }
        consumer.Close();
        return bytes;
    }

    [Benchmark(Description = "KafkaSource → discarding sink")]
    public JobResult KafkaSourceJob()
    {
        var env = new StreamExecutionEnvironment { Parallelism = 1 };
        env.EnableCheckpointing(TimeSpan.FromSeconds(1));
        var options = new KafkaSourceOptions { BootstrapServers = cluster.BootstrapServers, Topics = [topic], StopAtLatest = true, PartitionDiscoveryInterval = null };
        env.AddSource(() => new KafkaSource<int>(options, record => record.Value!.Length)).Uid("source").AddSink(() => new DiscardingSink<int>());
        return env.ExecuteAsync("bench-source").GetAwaiter().GetResult();
    }
}
