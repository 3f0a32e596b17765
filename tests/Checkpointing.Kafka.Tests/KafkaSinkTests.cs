using System.Collections.Concurrent;
using System.Text;
using Checkpointing.Kafka.Tests.Cluster;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Tests;

/// <summary>
/// Each test runs on a mock cluster of its own: every transactional producer draws a producer id at random, and the
/// odds that two of one cluster collide (see <see cref="Testing.MockKafkaCluster"/>) grow with their number.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaSinkTests : IDisposable
{
    private const int Partitions = 6;
    // AddPartitionsToTxn in the Kafka protocol.
    private const short AddPartitionsToTxn = 24;
    private readonly KafkaClusterFixture kafka = new();

    public void Dispose() => kafka.Dispose();

    /// <summary>What a sink's transactions did, as its callbacks reported.</summary>
    private sealed class Transactions
    {
        public ConcurrentDictionary<string, bool> Committed { get; } = new();
        public ConcurrentDictionary<string, bool> Aborted { get; } = new();
    }

    /// <summary>A pipeline topic → map (with an optional failure and pace) → Kafka sink.</summary>
    private sealed class Pipeline(KafkaClusterFixture kafka, string input, string output, DeliveryGuarantee guarantee, Transactions transactions)
    {
        private int seen;

        public int FailAt { get; init; } = -1;
        public int SleepEvery { get; init; }
        public Action<KafkaTransaction>? BeforeCommit { get; init; }
        public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(30);

        /// <summary>Runs stopped by a savepoint read unbounded: a bounded source may reach its end while the savepoint is taken.</summary>
        public bool Bounded { get; init; } = true;

        public StreamExecutionEnvironment Job(int parallelism, string? restoreFrom = null)
        {
            var env = new StreamExecutionEnvironment { LoggerFactory = new CapturedLog(), Parallelism = parallelism, RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(10)) };
            env.EnableCheckpointing(CheckpointInterval);
            if (restoreFrom is not null) env.RestoreFrom(restoreFrom);
            var source = new KafkaSourceOptions { BootstrapServers = kafka.BootstrapServers, Topics = [input], StopAtLatest = Bounded, PartitionDiscoveryInterval = null, MaxRecordsPerBatch = 20 };
            var sink = new KafkaSinkOptions
            {
                BootstrapServers = kafka.BootstrapServers,
                Topic = output,
                DeliveryGuarantee = guarantee,
                TransactionalIdPrefix = $"{output}-sink",
                TransactionHeader = true,
                TransactionCommitted = (id, n) => transactions.Committed[$"{id}:{n}"] = true,
                TransactionAborted = (id, n) => transactions.Aborted[$"{id}:{n}"] = true,
            };
            env.AddSource(() => new KafkaSource<string>(source, r => Encoding.UTF8.GetString(r.Value!))).Uid("in")
               .Map(value =>
               {
                   var n = Interlocked.Increment(ref seen);
                   if (n == FailAt) throw new InjectedFailure($"injected at record {n}");
                   if (SleepEvery > 0 && n % SleepEvery == 0) Thread.Sleep(1);
                   return value;
               })
               .AddSink(() => new KafkaSink<string>(sink, value => new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes(value) }) { BeforeCommit = BeforeCommit }).Uid("out");
            return env;
        }

        public int Seen => Volatile.Read(ref seen);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Exactly_once_through_an_injected_failure(int parallelism)
    {
        var (input, output) = Topics($"eo{parallelism}", perPartition: 200);
        var transactions = new Transactions();
        var pipeline = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions) { FailAt = 700, SleepEvery = 20 };

        var result = await pipeline.Job(parallelism).ExecuteAsync($"eo-{parallelism}").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        AssertExactlyOnce(output, transactions, Inputs(200));
        // The attempt that failed left a transaction open; the restart aborted it, and nothing is both committed and aborted.
        Assert.NotEmpty(transactions.Aborted);
        Assert.Empty(transactions.Aborted.Keys.Intersect(transactions.Committed.Keys));
    }

    [Fact]
    public async Task Exactly_once_across_rescales_3_to_2_to_4_with_a_failure_in_between()
    {
        var (input, output) = Topics("rescale", perPartition: 500);
        var transactions = new Transactions();
        using var savepoints = new TempFolder();

        var first = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions) { SleepEvery = 1, Bounded = false };
        var job = await first.Job(3).StartAsync("rescale");
        await Waiting.Until(() => first.Seen > 300);
        var savepoint1 = await job.StopWithSavepointAsync(savepoints.Path);
        Assert.Equal(JobStatus.Stopped, (await job.Completion.WaitAsync(TimeSpan.FromMinutes(1))).Status);

        var second = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions) { SleepEvery = 1, FailAt = 200, Bounded = false };
        job = await second.Job(2, savepoint1).StartAsync("rescale");
        await Waiting.Until(() => second.Seen > 600);
        var savepoint2 = await job.StopWithSavepointAsync(savepoints.Path);
        var stopped = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, stopped.Restarts);
        Assert.True(first.Seen + second.Seen < Partitions * 500 + 600, "the second run must stop before the end for the test to mean anything");

        var third = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions);
        var result = await third.Job(4, savepoint2).ExecuteAsync("rescale").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        AssertExactlyOnce(output, transactions, Inputs(500));
    }

    /// <summary>
    /// A transaction can fail after the client accepted its records: here the broker refuses to add its partition (as
    /// the mock does to a producer whose id collided). Its records are then never delivered; the checkpoint that
    /// pre-commits it must fail rather than complete over records that are not on the topic. One record, so the
    /// client accepts it before the refusal arrives, and the bounded job ends with the final checkpoint.
    /// </summary>
    [Fact]
    public async Task A_transaction_whose_records_were_not_delivered_fails_its_checkpoint_and_is_written_again()
    {
        var input = kafka.CreateTopic("undelivered-in", 1);
        var output = kafka.CreateTopic("undelivered-out", 1);
        kafka.Fill(input, 1, 1);
        var transactions = new Transactions();
        kafka.Cluster.FailNextRequests(AddPartitionsToTxn, ErrorCode.InvalidProducerIdMapping, 1);

        var result = await new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions).Job(1).ExecuteAsync("undelivered").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        AssertExactlyOnce(output, transactions, new HashSet<string> { "0:0" });
    }

    /// <summary>
    /// The committer commits a completed checkpoint's transaction after later checkpoints were taken; when that commit
    /// fails, the job restarts from one of those later checkpoints, which must still list the transaction so the
    /// restore commits it. The first commit of a transaction holding records waits for a later checkpoint to complete,
    /// then fails.
    /// </summary>
    [Fact]
    public async Task A_commit_that_fails_after_later_checkpoints_completed_is_made_by_the_restore()
    {
        var (input, output) = Topics("late-commit", perPartition: 200);
        var transactions = new Transactions();
        JobClient? job = null;
        var refused = 0;
        var pipeline = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions)
        {
            SleepEvery = 1,
            BeforeCommit = transaction =>
            {
                if (transaction.Deliveries is not { Count: > 0 } || Interlocked.Exchange(ref refused, 1) == 1) return;
                // Any checkpoint completing after the one completed now was taken after this transaction was queued.
                if (!SpinWait.SpinUntil(() => Volatile.Read(ref job) is not null, TimeSpan.FromSeconds(30))) throw new TimeoutException("The job did not start.");
                var completed = job!.LatestCheckpointId;
                if (!SpinWait.SpinUntil(() => job.LatestCheckpointId > completed, TimeSpan.FromSeconds(30))) throw new TimeoutException("No later checkpoint completed.");
                throw new InjectedFailure($"commit of {transaction} refused");
            },
        };

        job = await pipeline.Job(1).StartAsync("late-commit");
        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        AssertExactlyOnce(output, transactions, Inputs(200));
    }

    /// <summary>
    /// A bounded job's last transaction is committed after its final checkpoint completed, while the job closes. When
    /// that commit fails, the job has not finished its output: the attempt fails, and the restart's restore of the
    /// final checkpoint commits the transaction again. No periodic checkpoint runs, so the final one holds every record.
    /// </summary>
    [Fact]
    public async Task A_failed_commit_of_the_final_checkpoint_fails_the_attempt_and_the_restart_commits_it()
    {
        var input = kafka.CreateTopic("final-commit-in", 1);
        var output = kafka.CreateTopic("final-commit-out", 1);
        kafka.Fill(input, 1, 20);
        var transactions = new Transactions();
        var refused = 0;
        var pipeline = new Pipeline(kafka, input, output, DeliveryGuarantee.ExactlyOnce, transactions)
        {
            CheckpointInterval = TimeSpan.FromHours(1),
            BeforeCommit = transaction =>
            {
                if (transaction.Deliveries is { Count: > 0 } && Interlocked.Exchange(ref refused, 1) == 0)
                    throw new InjectedFailure($"commit of {transaction} refused");
            },
        };

        var result = await pipeline.Job(1).ExecuteAsync("final-commit").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, Volatile.Read(ref refused));
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        AssertExactlyOnce(output, transactions, Enumerable.Range(0, 20).Select(i => $"0:{i}").ToHashSet());
    }

    [Fact]
    public async Task At_least_once_loses_nothing_through_a_failure()
    {
        var (input, output) = Topics("alo", perPartition: 200);
        var pipeline = new Pipeline(kafka, input, output, DeliveryGuarantee.AtLeastOnce, new Transactions()) { FailAt = 700, SleepEvery = 20 };

        var result = await pipeline.Job(2).ExecuteAsync("alo").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.Restarts);
        var values = kafka.ReadAll(output).Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToHashSet();
        Assert.Equal(Inputs(200), values);
    }

    private (string Input, string Output) Topics(string name, int perPartition)
    {
        var input = kafka.CreateTopic($"{name}-in", Partitions);
        var output = kafka.CreateTopic($"{name}-out", 4);
        kafka.Fill(input, Partitions, perPartition);
        return (input, output);
    }

    private static HashSet<string> Inputs(int perPartition) =>
        [.. Enumerable.Range(0, Partitions).SelectMany(p => Enumerable.Range(0, perPartition).Select(i => $"{p}:{i}"))];

    /// <summary>
    /// What a read_committed consumer sees on a real broker: the records of committed transactions. The mock cluster
    /// also shows records of aborted transactions to read_committed readers, so the view keeps only the records whose
    /// transaction header names a transaction the sink reported committed.
    /// </summary>
    private void AssertExactlyOnce(string output, Transactions transactions, IReadOnlySet<string> expected)
    {
        var records = kafka.ReadAll(output);
        var committed = records
            .Where(r => transactions.Committed.ContainsKey(Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("checkpointing.txn"))))
            .Select(r => Encoding.UTF8.GetString(r.Message.Value))
            .ToList();
        var duplicates = committed.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        if (duplicates.Count > 0)
        {
            var d = duplicates[0];
            var info = records.Where(r => Encoding.UTF8.GetString(r.Message.Value) == d).Select(r => $"{r.TopicPartitionOffset} {Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("checkpointing.txn"))}");
            Assert.Fail($"duplicated {d}: {string.Join("; ", info)}\n{string.Join("\n", CapturedLog.Lines.Where(l => !l.Contains("Triggering")))}");
        }
        var lost = expected.Except(committed).Order(StringComparer.Ordinal).ToList();
        Assert.True(lost.Count == 0, $"lost {lost.Count}: {string.Join(", ", lost.Take(20))}");
        Assert.Equal(expected.Count, committed.Count);
    }
}
