using System.Collections.Concurrent;

// Test jobs shared by the runtime's tests and the Orleans tests (linked into both projects): sources with offsets,
// an exactly-once sink into an in-memory external system, failure injection. A test cluster's silos run in the
// test's process, so every silo's sinks write into the same system.
namespace Checkpointing.Tests.Execution;

/// <summary>A record of a partitioned source: which partition, which offset in it.</summary>
public readonly record struct Record(int Partition, long Offset);

/// <summary>
/// One unit per logical partition (the correct form of the CounterSource): even-split redistribution moves whole
/// partitions between subtasks, so any rescale keeps every offset. Emits each partition's offsets 0..limit-1.
/// </summary>
public sealed class PartitionedSource(int partitions, long limit, JobProbe probe) : RichParallelSourceFunction<Record>, ICheckpointedFunction
{
    private static readonly ListStateDescriptor<long[]> Offsets = new("offsets");
    private readonly SortedDictionary<int, long> offsets = [];
    private volatile bool running = true;
    private bool restored;

    public override void Open()
    {
        probe.Event($"open {RuntimeContext.SubtaskIndex} attempt {RuntimeContext.Attempt}");
        if (restored) return;
        for (var p = RuntimeContext.SubtaskIndex; p < partitions; p += RuntimeContext.Parallelism) offsets[p] = 0;
    }

    public override void Run(ISourceContext<Record> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                var any = false;
                foreach (var partition in offsets.Keys.ToArray())
                {
                    var offset = offsets[partition];
                    if (offset >= limit) continue;
                    ctx.Collect(new Record(partition, offset));
                    offsets[partition] = offset + 1;
                    any = true;
                }
                if (!any) return;
            }
            probe.Throttle();
        }
    }

    public override void Cancel() => running = false;

    public void SnapshotState(ISnapshotContext context)
    {
        foreach (var (partition, offset) in offsets) context.Add(Offsets, [partition, offset]);
    }

    public void RestoreState(IRestoreContext context)
    {
        probe.Event($"restore {context.SubtaskIndex} from {context.CheckpointId}");
        restored = true;
        foreach (var unit in context.Get(Offsets)) offsets[(int)unit[0]] = unit[1];
    }
}

/// <summary>
/// An exactly-once sink into an in-memory "external system": records of a transaction are buffered there under the
/// transaction id and become visible on commit; committing the same id twice has no effect.
/// </summary>
public sealed class TransactionalSink(ExternalSystem system) : TwoPhaseCommitSinkFunction<Record, Guid>
{
    protected override Guid BeginTransaction() => system.Begin();

    protected override void Invoke(Guid transaction, Record value) => system.Write(transaction, value);

    protected override void PreCommit(Guid transaction) { }

    protected override void Commit(Guid transaction) => system.Commit(transaction);

    protected override void Abort(Guid transaction) => system.Abort(transaction);
}

/// <summary>Commits queue up and are made in Close(), as a background committer would; the first <c>failures</c> closes fail before committing.</summary>
public sealed class CommitOnCloseSink(ExternalSystem system, Counter closes, int failures) : TwoPhaseCommitSinkFunction<Record, Guid>
{
    private readonly List<Guid> queued = [];

    protected override Guid BeginTransaction() => system.Begin();

    protected override void Invoke(Guid transaction, Record value) => system.Write(transaction, value);

    protected override void PreCommit(Guid transaction) { }

    protected override void Commit(Guid transaction) => queued.Add(transaction);

    protected override void Abort(Guid transaction) => system.Abort(transaction);

    public override void Close()
    {
        base.Close();
        if (closes.Increment() <= failures) throw new InjectedFailure($"close {closes.Value} could not commit {queued.Count} transaction(s)");
        foreach (var transaction in queued) system.Commit(transaction);
    }
}

/// <summary>A count shared by every instance of a function, across attempts (and a test cluster's silos).</summary>
public sealed class Counter
{
    private int value;

    public int Value => Volatile.Read(ref value);

    public int Increment() => Interlocked.Increment(ref value);
}

/// <summary>What a transactional sink writes into; the test reads the committed records from it.</summary>
public sealed class ExternalSystem
{
    private readonly ConcurrentDictionary<Guid, List<Record>> open = new();
    private readonly ConcurrentDictionary<Guid, bool> committedIds = new();
    private readonly ConcurrentQueue<Record> committed = new();

    public Guid Begin()
    {
        var id = Guid.NewGuid();
        open[id] = [];
        return id;
    }

    public void Write(Guid transaction, Record value) => open[transaction].Add(value);

    public void Commit(Guid transaction)
    {
        if (!committedIds.TryAdd(transaction, true)) return;
        if (open.TryRemove(transaction, out var records)) foreach (var r in records) committed.Enqueue(r);
    }

    public void Abort(Guid transaction) => open.TryRemove(transaction, out _);

    public IReadOnlyList<Record> Committed => [.. committed];
}

/// <summary>Shared test instrumentation: an event log, an optional pace, and failure injection by record count.</summary>
public sealed class JobProbe
{
    private readonly ConcurrentQueue<string> events = new();
    private readonly long[] failAt;
    private long seen;
    private int failures;

    public JobProbe(params long[] failAt) => this.failAt = [.. failAt.Order()];

    /// <summary>Sleep per source loop iteration, to keep jobs running long enough to be checkpointed and stopped.</summary>
    public TimeSpan Pace { get; set; }

    public IReadOnlyList<string> Events => [.. events];

    public long Seen => Interlocked.Read(ref seen);

    public int Failures => Volatile.Read(ref failures);

    public void Event(string e) => events.Enqueue(e);

    public void Throttle()
    {
        if (Pace > TimeSpan.Zero) Thread.Sleep(Pace);
    }

    /// <summary>Passes a record through; throws once when the total count reaches each failure point.</summary>
    public Record Observe(Record record)
    {
        var count = Interlocked.Increment(ref seen);
        var done = Volatile.Read(ref failures);
        if (done < failAt.Length && count >= failAt[done] && Interlocked.CompareExchange(ref failures, done + 1, done) == done)
            throw new InjectedFailure($"injected failure {done + 1} at record {count}");
        return record;
    }
}

public sealed class InjectedFailure(string message) : Exception(message);

public static class ExactlyOnce
{
    /// <summary>Asserts that the committed records are exactly every offset 0..limit-1 of every partition, once.</summary>
    public static void Assert(IReadOnlyList<Record> committed, int partitions, long limit)
    {
        var duplicates = committed.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Xunit.Assert.True(duplicates.Count == 0, $"duplicated records, e.g. {string.Join(", ", duplicates)}");
        var expected = partitions * limit;
        var missing = Enumerable.Range(0, partitions).SelectMany(p => Enumerable.Range(0, (int)limit).Select(o => new Record(p, o)))
            .Except(committed).Take(5).ToList();
        Xunit.Assert.True(missing.Count == 0, $"lost records, e.g. {string.Join(", ", missing)}");
        Xunit.Assert.Equal(expected, committed.Count);
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ckpt-tests", Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
