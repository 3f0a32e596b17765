using Checkpointing.Snapshots;

namespace Checkpointing;

/// <summary>
/// Unit-tests a function's state without running a job: snapshot some instances (one per subtask), restore them at
/// any parallelism. Uses the same serializers, redistribution and byte format as a real checkpoint.
/// </summary>
public static class CheckpointHarness
{
    /// <summary>The operator uid the harness stores state under.</summary>
    public const string OperatorUid = "harness";

    /// <summary>Snapshots <paramref name="instances"/>; <c>instances[i]</c> is subtask <c>i</c>, each an <see cref="ICheckpointedFunction"/> or <see cref="IListCheckpointed{T}"/>.</summary>
    public static OperatorSnapshot Snapshot(IReadOnlyList<object> instances, long checkpointId = 1)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0) throw new ArgumentException("Give at least one instance (one per subtask).", nameof(instances));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var parts = new OperatorSubtaskState[instances.Count];
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i] ?? throw new ArgumentException($"Instance {i} is null.", nameof(instances));
            var stateful = FunctionState.Of(instance)
                ?? throw new ArgumentException($"Instance {i} ({instance.GetType().Name}) is neither an ICheckpointedFunction nor an IListCheckpointed<T>.", nameof(instances));
            parts[i] = FunctionState.Snapshot(stateful, OperatorUid, i, instances.Count, checkpointId, timestamp);
        }
        return OperatorSnapshot.Assemble(OperatorUid, checkpointId, parts);
    }

    /// <summary>Creates <paramref name="newParallelism"/> instances with <paramref name="factory"/> and restores each from its share of <paramref name="snapshot"/>.</summary>
    /// <exception cref="CheckpointRestoreException">A scalar without <c>Merge</c> got several units, a mode or type does not match, or state was left unrestored.</exception>
    public static IReadOnlyList<T> Restore<T>(OperatorSnapshot snapshot, int newParallelism, Func<T> factory, bool allowNonRestoredState = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(newParallelism, 1);
        var shares = StateAssignment.Assign(snapshot, newParallelism);
        var result = new T[newParallelism];
        for (var i = 0; i < newParallelism; i++)
        {
            result[i] = factory() ?? throw new InvalidOperationException("The factory returned null.");
            FunctionState.Restore(result[i], snapshot.OperatorUid, snapshot.CheckpointId, i, newParallelism, snapshot.Parallelism, shares[i], allowNonRestoredState);
        }
        return result;
    }
}
