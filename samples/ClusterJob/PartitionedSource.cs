using Checkpointing;

namespace ClusterSample;

/// <summary>One logical partition's progress: the unit of state a rescale moves between subtasks.</summary>
public readonly record struct PartitionOffset(int Partition, long Offset);

/// <summary>
/// A bounded, partitioned source: each partition counts 0..<c>records</c>-1, and its offset is checkpointed state,
/// one unit per partition (a <c>[Checkpointed]</c> list), so a restore on other silos or at another parallelism
/// resumes every partition exactly where the last complete checkpoint left it. A fresh job deals the partitions
/// round-robin; a restored subtask keeps exactly the partitions it received.
/// </summary>
public sealed partial class PartitionedSource(int partitions, long records, TimeSpan pace) : RichParallelSourceFunction<PartitionOffset>
{
    [Checkpointed] private List<PartitionOffset> owned = [];
    private volatile bool running = true;
    private bool restored;

    partial void OnRestored(RestoreInfo info) => restored = true;

    public override void Open()
    {
        if (restored) return;
        for (var p = RuntimeContext.SubtaskIndex; p < partitions; p += RuntimeContext.Parallelism)
            owned.Add(new PartitionOffset(p, 0));
    }

    public override void Run(ISourceContext<PartitionOffset> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            // One record per partition, and the offset moved, in one critical section: a snapshot sees both or neither.
            lock (gate)
            {
                var emitted = false;
                for (var i = 0; i < owned.Count; i++)
                {
                    var (partition, offset) = owned[i];
                    if (offset >= records) continue;
                    ctx.Collect(new PartitionOffset(partition, offset));
                    owned[i] = new PartitionOffset(partition, offset + 1);
                    emitted = true;
                }
                if (!emitted) return;
            }
            Thread.Sleep(pace);
        }
    }

    public override void Cancel() => running = false;
}
