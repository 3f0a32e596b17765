namespace Checkpointing.PostgreSql.Tests;

/// <summary>One partition's next offset: the unit of state, so a rescale moves whole partitions.</summary>
public readonly record struct PartitionOffset(int Partition, long Offset)
{
    /// <summary>The record's value, unique across partitions.</summary>
    public long Id => Partition * 1_000_000L + Offset;
}

/// <summary>Emits offsets 0..limit-1 of each partition it owns, each once per committed checkpoint; paced so checkpoints fall mid-stream.</summary>
public sealed partial class SequenceSource(int partitions, long limit, TimeSpan pace, int perStep = 20) : RichParallelSourceFunction<PartitionOffset>
{
    [Checkpointed] private List<PartitionOffset> owned = [];
    private volatile bool running = true;
    private bool restored;

    partial void OnRestored(RestoreInfo info) => restored = true;

    public override void Open()
    {
        if (restored) return;
        for (var p = RuntimeContext.SubtaskIndex; p < partitions; p += RuntimeContext.Parallelism) owned.Add(new PartitionOffset(p, 0));
    }

    public override void Run(ISourceContext<PartitionOffset> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                var emitted = false;
                for (var i = 0; i < owned.Count; i++)
                {
                    for (var n = 0; n < perStep && owned[i].Offset < limit; n++)
                    {
                        ctx.Collect(owned[i]);
                        owned[i] = owned[i] with { Offset = owned[i].Offset + 1 };
                        emitted = true;
                    }
                }
                if (!emitted) return;
            }
            if (pace > TimeSpan.Zero) Thread.Sleep(pace);
        }
    }

    public override void Cancel() => running = false;
}

/// <summary>Fails the job once at each of the given record counts (counted over all subtasks and attempts).</summary>
public sealed class FailurePlan(params long[] failAt)
{
    private long seen;
    private int next;

    public int Failures => Volatile.Read(ref next);

    public T Observe<T>(T value)
    {
        var count = Interlocked.Increment(ref seen);
        var index = Volatile.Read(ref next);
        if (index < failAt.Length && count >= failAt[index] && Interlocked.CompareExchange(ref next, index + 1, index) == index)
            throw new InvalidOperationException($"injected failure {index + 1} after {count} records");
        return value;
    }
}

/// <summary>Throws once each at the given call numbers: a fault injected around COMMIT PREPARED.</summary>
public sealed class CallFault(string what, params int[] failOnCalls)
{
    private int calls;

    public int Thrown { get; private set; }

    public void Hit(string gid)
    {
        var call = Interlocked.Increment(ref calls);
        if (!failOnCalls.Contains(call)) return;
        Thrown++;
        throw new InvalidOperationException($"injected failure {what} {gid}");
    }
}
