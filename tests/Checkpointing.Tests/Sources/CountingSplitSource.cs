using System.Collections.Concurrent;
using Checkpointing.Tests.Execution;
using Record = Checkpointing.Tests.Execution.Record;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Tests.Sources;

/// <summary>A split that counts from <see cref="Next"/> to <see cref="Limit"/>; <see cref="Key"/> names it in emitted records.</summary>
public sealed record CountingSplit(string Topic, int Partition, int Key, long Next, long Limit) : ISourceSplit
{
    public string SplitId => $"{Topic}-{Partition}";
    public string AssignmentGroup => Topic;
    public int AssignmentIndex => Partition;
}

internal sealed class CountingSplitFormatter : IMessagePackFormatter<CountingSplit>
{
    public void Serialize(ref MessagePackWriter writer, CountingSplit value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(5);
        writer.Write(value.Topic);
        writer.Write(value.Partition);
        writer.Write(value.Key);
        writer.Write(value.Next);
        writer.Write(value.Limit);
    }

    public CountingSplit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        reader.ReadArrayHeader();
        return new CountingSplit(reader.ReadString()!, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64());
    }
}

/// <summary>The splits that "exist" (tests add some while a job runs) and who read which split.</summary>
public sealed class SplitCatalog
{
    private readonly Lock gate = new();
    private readonly List<CountingSplit> splits = [];
    private readonly ConcurrentQueue<(string Run, string SplitId, int Subtask, int Parallelism)> reads = new();

    public void Add(string topic, int partitions, long limit)
    {
        lock (gate)
        {
            var existing = splits.Count(s => s.Topic == topic);
            for (var p = existing; p < existing + partitions; p++) splits.Add(new CountingSplit(topic, p, splits.Count, 0, limit));
        }
    }

    public IReadOnlyList<CountingSplit> Current
    {
        get { lock (gate) return [.. splits]; }
    }

    public long TotalRecords => Current.Sum(s => s.Limit);

    public void Read(string run, string splitId, int subtask, int parallelism) => reads.Enqueue((run, splitId, subtask, parallelism));

    public IReadOnlyList<(string Run, string SplitId, int Subtask, int Parallelism)> Reads => [.. reads];
}

/// <summary>A split source over a <see cref="SplitCatalog"/>; emits a few records of each split per fetch, paced.</summary>
public sealed class CountingSplitSource(SplitCatalog catalog, string run, TimeSpan pace, TimeSpan? discovery = null, bool bounded = true)
    : SplitSource<CountingSplit, Record>(new CountingSplitFormatter())
{
    protected override IReadOnlyList<CountingSplit> DiscoverSplits() => catalog.Current;

    protected override SplitReader<CountingSplit, Record> CreateReader() =>
        new Reader(catalog, run, RuntimeContext.SubtaskIndex, RuntimeContext.Parallelism, pace);

    protected override TimeSpan? DiscoveryInterval => discovery;

    protected override bool IsBounded => bounded;

    protected override TimeSpan FetchWait => TimeSpan.FromMilliseconds(10);

    private sealed class Reader(SplitCatalog catalog, string run, int subtask, int parallelism, TimeSpan pace) : SplitReader<CountingSplit, Record>
    {
        private readonly List<CountingSplit> active = [];

        public override void AddSplits(IReadOnlyList<CountingSplit> splits)
        {
            foreach (var split in splits)
            {
                catalog.Read(run, split.SplitId, subtask, parallelism);
                active.Add(split);
            }
        }

        public override void Fetch(SplitBatch<CountingSplit, Record> batch, TimeSpan maxWait)
        {
            for (var i = active.Count - 1; i >= 0; i--)
            {
                var split = active[i];
                var end = Math.Min(split.Limit, split.Next + 5);
                for (var offset = split.Next; offset < end; offset++) batch.Add(new Record(split.Key, offset));
                var advanced = split with { Next = end };
                if (end == split.Limit)
                {
                    batch.Finish(advanced);
                    active.RemoveAt(i);
                }
                else
                {
                    batch.Advance(advanced);
                    active[i] = advanced;
                }
            }
            if (pace > TimeSpan.Zero) Thread.Sleep(pace);
        }
    }
}
