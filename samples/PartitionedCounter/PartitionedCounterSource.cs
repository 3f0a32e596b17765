using Checkpointing;

namespace PartitionedSample;

/// <summary>One logical partition's progress: the redistributable unit of state.</summary>
public readonly record struct PartitionOffset(int Partition, long Offset);

/// <summary>
/// The correct form of the CounterSource: one unit of state per logical partition. Even-split redistribution moves
/// whole partitions between subtasks, so any rescale keeps every partition's offset, and nothing is emitted twice.
/// <paramref name="firstRecord"/>, if given, is called once per run of a subtask, after its first record (the
/// ClusterJob sample prints a line there, which the cluster benchmark times recoveries by).
/// </summary>
public sealed partial class PartitionedCounterSource(int partitions, long limit, TimeSpan pace, Action? firstRecord = null) : RichParallelSourceFunction<PartitionOffset>
{
    [Checkpointed] private List<PartitionOffset> owned = [];
    private volatile bool running = true;
    private bool restored;

    partial void OnRestored(RestoreInfo info) => restored = true;

    public override void Open()
    {
        // A fresh job deals partitions round-robin; a restored one keeps exactly the partitions it received.
        if (restored) return;
        for (var p = RuntimeContext.SubtaskIndex; p < partitions; p += RuntimeContext.Parallelism)
            owned.Add(new PartitionOffset(p, 0));
    }

    public override void Run(ISourceContext<PartitionOffset> ctx)
    {
        var gate = ctx.CheckpointLock;
        var first = firstRecord;
        while (running)
        {
            lock (gate)
            {
                var emitted = false;
                for (var i = 0; i < owned.Count; i++)
                {
                    var (partition, offset) = owned[i];
                    if (offset >= limit) continue;
                    ctx.Collect(new PartitionOffset(partition, offset));
                    owned[i] = new PartitionOffset(partition, offset + 1);
                    emitted = true;
                }
                if (!emitted) return;
            }
            // Outside the lock: the callback may write to the console.
            first?.Invoke();
            first = null;
            Thread.Sleep(pace);
        }
    }

    public override void Cancel() => running = false;
}
