using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.RegularExpressions;
using Checkpointing.Kafka.Tests.Cluster;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Tests;

[Collection(KafkaCollection.Name)]
public sealed class KafkaSourceTests(KafkaClusterFixture kafka)
{
    private static string Text(KafkaRecord record) => Encoding.UTF8.GetString(record.Value!);

    private StreamExecutionEnvironment Job(KafkaSourceOptions options, ConcurrentQueue<string> output, int parallelism = 2, Func<KafkaRecord, string>? deserialize = null)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
        env.AddSource(() => new KafkaSource<string>(options, deserialize ?? Text)).Uid("kafka").AddSink(() => new CollectingSink<string>(output));
        return env;
    }

    private KafkaSourceOptions Bounded(string topic, KafkaStartingOffsets start, string? group = null) => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        Topics = [topic],
        StartingOffsets = start,
        GroupId = group,
        StopAtLatest = true,
        PartitionDiscoveryInterval = null,
    };

    [Fact]
    public async Task Earliest_reads_every_record_of_every_partition_once()
    {
        var topic = kafka.CreateTopic("earliest", 4);
        kafka.Fill(topic, 4, 50);
        var output = new ConcurrentQueue<string>();
        var result = await Job(Bounded(topic, KafkaStartingOffsets.Earliest), output, parallelism: 3).ExecuteAsync("earliest").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(Expected(4, 0, 50), output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Committed_starts_at_the_groups_offsets_and_earliest_where_it_has_none()
    {
        var topic = kafka.CreateTopic("committed", 3);
        kafka.Fill(topic, 3, 20);
        kafka.Commit("committed-group", new TopicPartitionOffset(topic, 0, 5), new TopicPartitionOffset(topic, 1, 15));
        var output = new ConcurrentQueue<string>();
        await Job(Bounded(topic, KafkaStartingOffsets.Committed, "committed-group"), output).ExecuteAsync("committed").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Range(0, 5, 20).Concat(Range(1, 15, 20)).Concat(Range(2, 0, 20)).Order(StringComparer.Ordinal), output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Explicit_offsets_start_where_given_and_earliest_elsewhere()
    {
        var topic = kafka.CreateTopic("explicit", 2);
        kafka.Fill(topic, 2, 20);
        var start = KafkaStartingOffsets.FromOffsets(new Dictionary<(string, int), long> { [(topic, 1)] = 12 });
        var output = new ConcurrentQueue<string>();
        await Job(Bounded(topic, start), output).ExecuteAsync("explicit").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Range(0, 0, 20).Concat(Range(1, 12, 20)).Order(StringComparer.Ordinal), output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_timestamp_starts_at_the_first_record_at_or_after_it_or_at_the_end()
    {
        var topic = kafka.CreateTopic("timestamp", 1);
        kafka.Fill(topic, 1, 10, timestamp: new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var output = new ConcurrentQueue<string>();
        // After every record: the mock cluster answers every timestamp lookup with "end", which is also the right answer here.
        await Job(Bounded(topic, KafkaStartingOffsets.FromTimestamp(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero))), output)
            .ExecuteAsync("timestamp").WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(output);
    }

    [Fact]
    public async Task Latest_reads_only_later_records_and_checkpointed_offsets_are_committed_back_to_the_group()
    {
        var topic = kafka.CreateTopic("latest", 2);
        kafka.Fill(topic, 2, 10);
        var output = new ConcurrentQueue<string>();
        var options = new KafkaSourceOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Topics = [topic],
            StartingOffsets = KafkaStartingOffsets.Latest,
            GroupId = "latest-group",
            PartitionDiscoveryInterval = null,
        };
        var job = await Job(options, output).StartAsync("latest");
        // The resolved start (offset 10) is checkpointed and committed back before any record arrives.
        await Waiting.Until(() => kafka.Committed(topic, 2, "latest-group").All(o => o == 10));
        kafka.Fill(topic, 2, 5, (p, i) => $"late {p}:{i}");
        await Waiting.Until(() => output.Count >= 10);
        await Waiting.Until(() => kafka.Committed(topic, 2, "latest-group").All(o => o == 15));
        await job.CancelAsync();

        Assert.Equal(Enumerable.Range(0, 2).SelectMany(p => Enumerable.Range(0, 5).Select(i => $"late {p}:{i}")).Order(StringComparer.Ordinal), output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_poison_record_fails_the_job_with_topic_partition_and_offset()
    {
        var topic = kafka.CreateTopic("poison", 2);
        kafka.Fill(topic, 2, 10, (p, i) => p == 1 && i == 7 ? "poison" : $"{p}:{i}");
        var output = new ConcurrentQueue<string>();
        var job = Job(Bounded(topic, KafkaStartingOffsets.Earliest), output, deserialize: Strict);

        var error = await Assert.ThrowsAsync<KafkaRecordException>(() => job.ExecuteAsync("poison").WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal((topic, 1, 7L), (error.Topic, error.Partition, error.Offset));
        Assert.Contains($"offset 7 of {topic} partition 1", error.Message);
    }

    [Fact]
    public async Task A_poison_record_is_skipped_and_counted_when_configured()
    {
        var topic = kafka.CreateTopic("skip", 2);
        kafka.Fill(topic, 2, 10, (p, i) => p == 0 && i is 3 or 4 ? "poison" : $"{p}:{i}");
        var skipped = new ConcurrentBag<(long Count, string Topic)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaMetrics.MeterName && instrument.Name == "checkpointing.kafka.source.records_skipped") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "topic") skipped.Add((value, (string)tag.Value!));
        });
        listener.Start();
        var output = new ConcurrentQueue<string>();
        var options = new KafkaSourceOptions
        {
            BootstrapServers = kafka.BootstrapServers, Topics = [topic], StopAtLatest = true, PartitionDiscoveryInterval = null, SkipBadRecords = true,
        };
        var result = await Job(options, output, deserialize: Strict).ExecuteAsync("skip").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(18, output.Count);
        Assert.DoesNotContain("poison", output);
        Assert.Equal(2, skipped.Where(s => s.Topic == topic).Sum(s => s.Count));
    }

    [Fact]
    public async Task Topics_created_while_running_that_match_the_pattern_are_read_once_by_one_subtask()
    {
        var prefix = $"discover{Guid.NewGuid():N}"[..16];
        kafka.Cluster.CreateTopic($"{prefix}-a", 2);
        kafka.Fill($"{prefix}-a", 2, 20);
        var output = new ConcurrentQueue<string>();
        var options = new KafkaSourceOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            TopicPattern = new Regex($"{prefix}-.*"),
            PartitionDiscoveryInterval = TimeSpan.FromMilliseconds(100),
        };
        var env = Job(options, output, parallelism: 3, deserialize: r => $"{r.Topic}/{Text(r)}");
        var job = await env.StartAsync("discover");
        await Waiting.Until(() => output.Count >= 40);
        kafka.Cluster.CreateTopic($"{prefix}-b", 3);
        kafka.Fill($"{prefix}-b", 3, 20);
        kafka.Cluster.CreateTopic("unrelated-topic", 1);
        await Waiting.Until(() => output.Count >= 100);
        await Task.Delay(300); // time for a second discovery round, which must not add the partitions again
        await job.CancelAsync();

        var expected = Expected(2, 0, 20).Select(r => $"{prefix}-a/{r}").Concat(Expected(3, 0, 20).Select(r => $"{prefix}-b/{r}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_subtask_without_partitions_still_takes_part_in_checkpoints_and_savepoints()
    {
        var topic = kafka.CreateTopic("idle", 1);
        kafka.Fill(topic, 1, 10);
        using var dir = new TempFolder();
        var output = new ConcurrentQueue<string>();
        var options = new KafkaSourceOptions { BootstrapServers = kafka.BootstrapServers, Topics = [topic], PartitionDiscoveryInterval = TimeSpan.FromMilliseconds(100) };
        var job = await Job(options, output, parallelism: 3).StartAsync("idle");
        await Waiting.Until(() => output.Count == 10);
        var savepoint = await job.StopWithSavepointAsync(dir.Path);
        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Stopped, result.Status);
        Assert.True(File.Exists(Path.Combine(savepoint, "_metadata")));
    }

    private static string Strict(KafkaRecord record)
    {
        var text = Text(record);
        return text == "poison" ? throw new FormatException("not a number pair") : text;
    }

    private static IEnumerable<string> Expected(int partitions, int from, int to) =>
        Enumerable.Range(0, partitions).SelectMany(p => Range(p, from, to)).Order(StringComparer.Ordinal);

    private static IEnumerable<string> Range(int partition, int from, int to) => Enumerable.Range(from, to - from).Select(i => $"{partition}:{i}");
}

public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ckpt-kafka-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
