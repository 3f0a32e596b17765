using Checkpointing;

namespace CounterSample;

/// <summary>
/// Flink's documented CounterSource, hand-written with <see cref="IListCheckpointed{T}"/>: one offset per subtask,
/// emitted and advanced inside one lock block so every checkpoint matches the records emitted so far.
/// The only change: it stops after <c>limit</c> records so the sample can verify its output.
/// </summary>
public sealed class CounterSource(long limit) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private long offset;
    private volatile bool isRunning = true;

    public override void Run(ISourceContext<long> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (isRunning)
        {
            lock (gate)
            {
                if (offset >= limit) return;
                ctx.Collect(offset);
                offset += 1;
            }
        }
    }

    public override void Cancel() => isRunning = false;

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

    // Flink's version: `for (Long s : state) offset = s;`. Correct while the parallelism never changes
    // (see the partitioned sample for what goes wrong on rescale, and the fix).
    public void RestoreState(IReadOnlyList<long> state)
    {
        foreach (var s in state) offset = s;
    }
}
