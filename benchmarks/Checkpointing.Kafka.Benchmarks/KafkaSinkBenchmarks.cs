using System.Text;
using BenchmarkDotNet.Attributes;
using Checkpointing.Kafka.Testing;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Benchmarks;

/// <summary>Records/s written to a mock-cluster topic: exactly-once KafkaSink vs at-least-once vs a bare producer (produce + flush), checkpoints every second.</summary>
public class KafkaSinkBenchmarks
{
    private static readonly byte[] Value = Encoding.UTF8.GetBytes(new string('x', 100));
    private MockKafkaCluster cluster = null!;
    private int records;
    private int run;

    [GlobalSetup]
    public void Setup()
    {
        records = BenchmarkSizes.Records;
        cluster = new MockKafkaCluster(3);
    }

    [GlobalCleanup]
    public void Cleanup() => cluster.Dispose();

    private string NewTopic()
    {
        var topic = $"bench-sink-{Interlocked.Increment(ref run)}";
        cluster.CreateTopic(topic, 6);
        return topic;
    }

    [Benchmark(Baseline = true, Description = "bare producer")]
    public int BareProducer()
    {
        var topic = NewTopic();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5,
        }).Build();
        for (var i = 0; i < records; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, new Message<byte[], byte[]> { Value = Value });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        return producer.Flush(TimeSpan.FromMinutes(2));
    }

    [Benchmark(Description = "KafkaSink at-least-once")]
    public JobResult AtLeastOnce() => RunSink(DeliveryGuarantee.AtLeastOnce);

    [Benchmark(Description = "KafkaSink exactly-once")]
    public JobResult ExactlyOnce() => RunSink(DeliveryGuarantee.ExactlyOnce);

    private JobResult RunSink(DeliveryGuarantee guarantee)
    {
        var topic = NewTopic();
        var env = new StreamExecutionEnvironment { Parallelism = 1 };
        env.EnableCheckpointing(TimeSpan.FromSeconds(1));
        var options = new KafkaSinkOptions { BootstrapServers = cluster.BootstrapServers, Topic = topic, DeliveryGuarantee = guarantee, TransactionalIdPrefix = topic };
        env.AddSource(() => new CountingSource(records)).Uid("source")
           .AddSink(() => new KafkaSink<int>(options, _ => new Message<byte[], byte[]> { Value = Value })).Uid("sink");
        return env.ExecuteAsync("bench-sink").GetAwaiter().GetResult();
    }
}

/// <summary>Emits 0..count-1, in batches of 100 per critical section; stateless.</summary>
public sealed class CountingSource(int count) : RichParallelSourceFunction<int>
{
    private volatile bool running = true;

    public override void Run(ISourceContext<int> ctx)
    {
        var gate = ctx.CheckpointLock;
        for (var i = 0; i < count && running;)
        {
            lock (gate)
            {
                for (var end = Math.Min(count, i + 100); i < end; i++) ctx.Collect(i);
            }
        }
    }

    public override void Cancel() => running = false;
}
