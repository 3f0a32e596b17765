namespace Checkpointing.S3.Benchmarks.Rig;

/// <summary>
/// A source that holds its share of the state's units (one long each, even-split) and emits nothing: a checkpoint
/// costs what its state costs. <see cref="Running"/> completes once it runs, that is after any restore.
/// </summary>
public sealed class UnitsSource(int units) : RichParallelSourceFunction<long>, IListCheckpointed<long>
{
    private List<long> state = [.. Enumerable.Range(0, units).Select(i => (long)i * 7919)];
    private readonly ManualResetEventSlim cancelled = new();

    public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Units => state.Count;

    public override void Run(ISourceContext<long> ctx)
    {
        Running.TrySetResult();
        cancelled.Wait();
    }

    public override void Cancel() => cancelled.Set();

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => state;

    public void RestoreState(IReadOnlyList<long> restored) => state = [.. restored];
}
