namespace Checkpointing.Snapshots;

/// <summary>The one place that knows how to snapshot and restore a user function, for the runtime and the harness alike.</summary>
internal static class FunctionState
{
    /// <summary>The function's state interface, or null when it keeps no state.</summary>
    public static ICheckpointedFunction? Of(object function) => function switch
    {
        ICheckpointedFunction checkpointed => checkpointed,
        IListCheckpointedAdapterSource list => list.AsCheckpointedFunction(),
        _ => null,
    };

    /// <summary>Takes one subtask's snapshot; the caller holds the checkpoint lock. Asynchronous parts run at once.</summary>
    public static OperatorSubtaskState Snapshot(ICheckpointedFunction? function, string operatorUid, int subtaskIndex, int parallelism, long checkpointId, long timestamp)
    {
        var (state, asyncParts) = SnapshotSynchronousPart(function, operatorUid, subtaskIndex, parallelism, checkpointId, timestamp);
        foreach (var part in asyncParts) part(CancellationToken.None).GetAwaiter().GetResult();
        return state;
    }

    /// <summary>Takes one subtask's snapshot under the lock and returns the work the function left for after it.</summary>
    public static (OperatorSubtaskState State, IReadOnlyList<Func<CancellationToken, Task>> AsyncParts) SnapshotSynchronousPart(
        ICheckpointedFunction? function, string operatorUid, int subtaskIndex, int parallelism, long checkpointId, long timestamp)
    {
        var context = new SnapshotContext(checkpointId, timestamp, operatorUid);
        function?.SnapshotState(context);
        return (context.ToSubtaskState(subtaskIndex, parallelism), context.AsyncParts);
    }

    /// <summary>
    /// Restores one subtask from its assigned share. State in the checkpoint that the function does not read fails the
    /// restore unless <paramref name="allowNonRestoredState"/>, so nothing is dropped in silence.
    /// </summary>
    public static void Restore(object function, string operatorUid, long checkpointId, int subtaskIndex, int parallelism,
        int previousParallelism, IReadOnlyDictionary<string, AssignedState> share, bool allowNonRestoredState)
    {
        var context = new RestoreContext(operatorUid, checkpointId, subtaskIndex, parallelism, previousParallelism, share);
        var stateful = Of(function);
        stateful?.RestoreState(context);
        if (allowNonRestoredState || context.RestoredAll) return;
        var left = context.Unrestored.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (left.Count == 0) return;
        var names = string.Join(", ", left.Select(s => $"'{s.Name}' ({s.Mode} of {s.TypeName})"));
        throw new CheckpointRestoreException(
            $"Operator '{operatorUid}', subtask {subtaskIndex}: the checkpoint holds state {names} that {function.GetType().Name} does not restore " +
            $"(unknown operator state: removed or renamed?). Set AllowNonRestoredState = true to drop it.");
    }
}
