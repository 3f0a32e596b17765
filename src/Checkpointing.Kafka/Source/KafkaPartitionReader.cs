using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Kafka;

/// <summary>
/// One consumer per subtask, manually assigned to the subtask's partitions. Everything here runs on the source thread
/// outside the checkpoint lock: resolving starting positions, polling, deserializing, committing offsets back.
/// </summary>
internal sealed class KafkaPartitionReader<T> : SplitReader<KafkaPartitionSplit, T>
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(30);
    private readonly KafkaSourceOptions options;
    private readonly Func<KafkaRecord, T> deserialize;
    private readonly RuntimeContext context;
    private readonly IConsumer<byte[], byte[]> consumer;
    private readonly Dictionary<TopicPartition, PartitionProgress> partitions = [];
    // Splits whose starting offset was just looked up: reported with the next batch so the checkpoint holds real offsets.
    private readonly List<KafkaPartitionSplit> resolved = [];
    private readonly List<PartitionProgress> touched = [];

    public KafkaPartitionReader(KafkaSourceOptions options, Func<KafkaRecord, T> deserialize, RuntimeContext context)
    {
        this.options = options;
        this.deserialize = deserialize;
        this.context = context;
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            // A group id is needed to commit offsets back; without one the source commits nothing.
            GroupId = options.GroupId ?? $"checkpointing-{context.JobName}-{context.OperatorUid}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        foreach (var (key, value) in options.ConsumerConfig) config.Set(key, value);
        consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
    }

    public override void AddSplits(IReadOnlyList<KafkaPartitionSplit> splits)
    {
        var assignment = new List<TopicPartitionOffset>(splits.Count);
        foreach (var split in splits)
        {
            var partition = new TopicPartition(split.Topic, split.Partition);
            var next = split.NextOffset >= 0 ? split.NextOffset : Resolve(partition);
            var progress = new PartitionProgress(split with { NextOffset = next }, StopOffset(partition));
            partitions[partition] = progress;
            if (split.NextOffset < 0) resolved.Add(progress.Split);
            if (progress.Stop is { } stop && next >= stop) continue;
            assignment.Add(new TopicPartitionOffset(partition, next));
        }
        if (assignment.Count > 0) consumer.IncrementalAssign(assignment);
        context.Logger.LogInformation("Kafka source {Operator} subtask {Subtask} reads {Partitions}", context.OperatorUid, context.SubtaskIndex,
            string.Join(", ", splits.Select(s => partitions[new TopicPartition(s.Topic, s.Partition)].Split).Select(s => $"{s.Topic}/{s.Partition}@{s.NextOffset}")));
    }

    public override void Fetch(SplitBatch<KafkaPartitionSplit, T> batch, TimeSpan maxWait)
    {
        foreach (var split in resolved) batch.Advance(split);
        resolved.Clear();
        FinishReachedPartitions(batch);

        var wait = maxWait;
        PartitionProgress? last = null;
        for (var i = 0; i < options.MaxRecordsPerBatch; i++)
        {
            var result = consumer.Consume(wait);
            if (result is null) break;
            wait = TimeSpan.Zero;
            var tp = result.TopicPartition;
            var progress = last is not null && last.Split.Partition == tp.Partition && last.Split.Topic == tp.Topic ? last : partitions[tp];
            last = progress;
            if (!progress.Touched)
            {
                progress.Touched = true;
                touched.Add(progress);
            }
            var offset = result.Offset.Value;
            progress.Next = offset + 1;
            T record;
            try
            {
                var message = result.Message;
                record = deserialize(new KafkaRecord(tp.Topic, tp.Partition.Value, offset, message.Timestamp, message.Key, message.Value, message.Headers));
            }
            catch (Exception e)
            {
                var error = new KafkaRecordException(tp.Topic, tp.Partition.Value, offset, e);
                if (!options.SkipBadRecords) throw error;
                KafkaMetrics.RecordsSkipped.Add(1, new("topic", tp.Topic), new("partition", tp.Partition.Value));
                context.Logger.LogWarning(error, "Kafka source {Operator} skipped the record at offset {Offset} of {Topic} partition {Partition}",
                    context.OperatorUid, offset, tp.Topic, tp.Partition.Value);
                continue;
            }
            batch.Add(record);
        }

        foreach (var progress in touched)
        {
            progress.Touched = false;
            progress.Split = progress.Split with { NextOffset = progress.Next };
            batch.Advance(progress.Split);
        }
        touched.Clear();
        FinishReachedPartitions(batch);
    }

    public override void CheckpointComplete(long checkpointId, IReadOnlyList<KafkaPartitionSplit> splits)
    {
        if (!options.CommitOffsetsOnCheckpoint || options.GroupId is null) return;
        var offsets = splits.Where(s => s.NextOffset >= 0).Select(s => new TopicPartitionOffset(s.Topic, s.Partition, s.NextOffset)).ToList();
        if (offsets.Count == 0) return;
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            // Monitoring only: recovery never reads these offsets, so a failed commit must not fail the job.
            context.Logger.LogWarning(e, "Kafka source {Operator} could not commit the offsets of checkpoint {CheckpointId} to group {Group}",
                context.OperatorUid, checkpointId, options.GroupId);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        consumer.Close();
        consumer.Dispose();
    }

    private void FinishReachedPartitions(SplitBatch<KafkaPartitionSplit, T> batch)
    {
        if (!options.StopAtLatest) return;
        List<TopicPartition>? done = null;
        foreach (var (tp, progress) in partitions)
        {
            if (progress.Finished || progress.Stop is not { } stop || progress.Split.NextOffset < stop && Position(tp) < stop) continue;
            progress.Finished = true;
            batch.Finish(progress.Split);
            (done ??= []).Add(tp);
        }
        if (done is not null) consumer.IncrementalUnassign(done.Where(tp => consumer.Assignment.Contains(tp)).ToList());
    }

    // A read_committed consumer skips transaction markers, so the last record's offset + 1 can stay below the end.
    private long Position(TopicPartition tp)
    {
        var position = consumer.Position(tp);
        return position == Offset.Unset ? -1 : position.Value;
    }

    private long? StopOffset(TopicPartition partition) =>
        options.StopAtLatest ? consumer.QueryWatermarkOffsets(partition, LookupTimeout).High.Value : null;

    private long Resolve(TopicPartition partition)
    {
        var start = options.StartingOffsets;
        switch (start.Mode)
        {
            case KafkaStartingOffsets.Kind.Latest:
                return consumer.QueryWatermarkOffsets(partition, LookupTimeout).High.Value;
            case KafkaStartingOffsets.Kind.Committed:
                var committed = consumer.Committed([partition], LookupTimeout)[0].Offset;
                return committed.Value >= 0 ? committed.Value : Earliest(partition);
            case KafkaStartingOffsets.Kind.Timestamp:
                var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(start.Timestamp))], LookupTimeout)[0].Offset;
                return found.Value >= 0 ? found.Value : consumer.QueryWatermarkOffsets(partition, LookupTimeout).High.Value;
            case KafkaStartingOffsets.Kind.Explicit:
                return start.Offsets.TryGetValue((partition.Topic, partition.Partition.Value), out var offset) ? offset : Earliest(partition);
            default:
                return Earliest(partition);
        }
    }

    private long Earliest(TopicPartition partition) => consumer.QueryWatermarkOffsets(partition, LookupTimeout).Low.Value;

    private sealed class PartitionProgress(KafkaPartitionSplit split, long? stop)
    {
        public KafkaPartitionSplit Split { get; set; } = split;
        public long? Stop { get; } = stop;
        public long Next { get; set; }
        public bool Touched { get; set; }
        public bool Finished { get; set; }
    }
}
