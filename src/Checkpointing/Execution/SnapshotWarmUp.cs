using Checkpointing.Format;
using Checkpointing.Snapshots;
using Checkpointing.Storage;

namespace Checkpointing.Execution;

/// <summary>
/// Runs the snapshot path once on a throwaway function before any source starts, so the first real checkpoint does not
/// pay type initialization and JIT compilation (tens of milliseconds) while holding a source's checkpoint lock.
/// </summary>
internal static class SnapshotWarmUp
{
    private static int done;

    public static void Run()
    {
        if (Interlocked.Exchange(ref done, 1) == 1) return;
        var state = FunctionState.Snapshot(new Probe(), "warm-up", 0, 1, 1, 0);
        SubtaskStateFile.Encode(1, [state]);
    }

    private sealed class Probe : IListCheckpointed<long>, ICheckpointedFunction
    {
        private static readonly ListStateDescriptor<string> Names = new("names");

        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [checkpointId];

        public void RestoreState(IReadOnlyList<long> state) { }

        public void SnapshotState(ISnapshotContext context)
        {
            ((IListCheckpointedAdapterSource)this).AsCheckpointedFunction().SnapshotState(context);
            context.Add(Names, "warm-up");
        }

        public void RestoreState(IRestoreContext context) { }
    }
}
