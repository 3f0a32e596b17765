// Kafka topic → map → exactly-once Kafka sink at parallelism 3, with injected failures and a rescale 3 → 2 through a
// savepoint, then a read_committed check of the output topic.
//   dotnet run --project samples/KafkaPipeline -- [--records N] [--bootstrap-servers HOST:PORT,...]
using System.Collections.Concurrent;
using System.Text;
using Checkpointing;
using Checkpointing.Kafka;
using Checkpointing.Kafka.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

var records = IntOption("--records", 30_000);
var bootstrap = StringOption("--bootstrap-servers");
using var mock = bootstrap is null ? new MockKafkaCluster(brokers: 3) : null;
bootstrap ??= mock!.BootstrapServers;
var run = Guid.NewGuid().ToString("N")[..8];
var input = $"kafka-pipeline-in-{run}";
var output = $"kafka-pipeline-out-{run}";
await CreateTopicAsync(input, 6);
await CreateTopicAsync(output, 6);
Console.WriteLine($"Kafka at {bootstrap}{(mock is null ? "" : " (in-process mock cluster)")}; {records} records into {input} (6 partitions)");
Produce(input, records);

var committed = new ConcurrentDictionary<string, bool>();
var seen = 0L;
using var savepoints = new TempFolder();

// Run 1: parallelism 3, one injected failure, stopped with a savepoint half-way.
var first = Job(parallelism: 3, bounded: false, failAt: records / 4);
var job = await first.StartAsync("kafka-pipeline");
while (Interlocked.Read(ref seen) < records / 2 && !job.Completion.IsCompleted) await Task.Delay(10);
var savepoint = await job.StopWithSavepointAsync(savepoints.Path);
var stopped = await job.Completion;
Console.WriteLine($"Run 1 (parallelism 3): {stopped.Status} after {stopped.Restarts} restart(s), savepoint {savepoint}");

// Run 2: rescaled to 2 from the savepoint, one more failure, reads to the end of the input.
var second = Job(parallelism: 2, bounded: true, failAt: Interlocked.Read(ref seen) + records / 8);
second.RestoreFrom(savepoint);
var finished = await second.ExecuteAsync("kafka-pipeline");
Console.WriteLine($"Run 2 (parallelism 2): {finished.Status} after {finished.Restarts} restart(s)");

return Verify();

StreamExecutionEnvironment Job(int parallelism, bool bounded, long failAt)
{
    var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(100)) };
    env.EnableCheckpointing(TimeSpan.FromMilliseconds(200));
    var failed = 0;
    var source = new KafkaSourceOptions
    {
        BootstrapServers = bootstrap, Topics = [input], GroupId = "kafka-pipeline", StopAtLatest = bounded, PartitionDiscoveryInterval = null,
        MaxRecordsPerBatch = 100,
    };
    var sink = new KafkaSinkOptions
    {
        BootstrapServers = bootstrap,
        Topic = output,
        DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce,
        TransactionalIdPrefix = $"kafka-pipeline-{run}",
        TransactionHeader = true,
        TransactionCommitted = (id, n) => committed[$"{id}:{n}"] = true,
    };
    env.AddSource(() => new KafkaSource<string>(source, r => Encoding.UTF8.GetString(r.Value!))).Uid("orders")
       .Map(value =>
       {
           var n = Interlocked.Increment(ref seen);
           if (n == failAt && Interlocked.Exchange(ref failed, 1) == 0) throw new InvalidOperationException($"injected failure at record {n}");
           if (n % 50 == 0) Thread.Sleep(1); // paced, so the stop finds the first run half-way
           return value.ToUpperInvariant();
       })
       .AddSink(() => new KafkaSink<string>(sink, value => new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes(value) })).Uid("kafka-out");
    return env;
}

int Verify()
{
    // read_committed hides aborted transactions on a real cluster. librdkafka's mock cluster shows them too, so there
    // the check also keeps only records whose transaction header names a transaction the sink committed.
    using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = bootstrap, GroupId = $"verify-{run}", IsolationLevel = IsolationLevel.ReadCommitted, EnablePartitionEof = true, EnableAutoCommit = false,
    }).Build();
    consumer.Assign(Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset(output, p, Offset.Beginning)));
    var values = new List<string>();
    var ended = new HashSet<int>();
    var deadline = DateTime.UtcNow.AddMinutes(1);
    while (ended.Count < 6 && DateTime.UtcNow < deadline)
    {
        var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
        if (result is null) continue;
        if (result.IsPartitionEOF) { ended.Add(result.Partition.Value); continue; }
        var transaction = Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes("checkpointing.txn"));
        if (mock is null || committed.ContainsKey(transaction)) values.Add(Encoding.UTF8.GetString(result.Message.Value));
    }
    var expected = Enumerable.Range(0, 6).SelectMany(p => Enumerable.Range(0, Share(p)).Select(i => $"{p}:{i}")).ToHashSet();
    var distinct = values.ToHashSet();
    var lost = expected.Count(e => !distinct.Contains(e));
    var duplicated = values.Count - distinct.Count;
    var ok = lost == 0 && duplicated == 0 && distinct.SetEquals(expected) && ended.Count == 6;
    Console.WriteLine($"VERIFY records {values.Count}, lost {lost}, duplicated {duplicated}: {(ok ? "OK" : "FAILED")}");
    return ok ? 0 : 1;
}

int Share(int partition) => records / 6 + (partition < records % 6 ? 1 : 0);

void Produce(string topic, int count)
{
    using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5 }).Build();
    for (var p = 0; p < 6; p++)
        for (var i = 0; i < Share(p); i++)
            producer.Produce(new TopicPartition(topic, p), new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes($"{p}:{i}") });
    producer.Flush(TimeSpan.FromMinutes(1));
}

async Task CreateTopicAsync(string topic, int partitions)
{
    if (mock is not null)
    {
        mock.CreateTopic(topic, partitions);
        return;
    }
    using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
    await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
}

int IntOption(string name, int fallback) => StringOption(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? StringOption(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>A temporary folder for the savepoint, deleted at the end.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kafka-pipeline", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
