namespace Checkpointing;

/// <summary>
/// Hand-written operator state as one list of units with <see cref="Redistribution.EvenSplit"/> redistribution
/// (Flink's <c>ListCheckpointed</c>). Units are stored with MessagePack.
/// </summary>
public interface IListCheckpointed<T> : IListCheckpointedAdapterSource
{
    /// <summary>The units of this subtask's state. Called with the checkpoint lock held.</summary>
    IReadOnlyList<T> SnapshotState(long checkpointId, long timestamp);

    /// <summary>Called only when restoring, before <c>Open</c>, with this subtask's share of the units.</summary>
    void RestoreState(IReadOnlyList<T> state);

    ICheckpointedFunction IListCheckpointedAdapterSource.AsCheckpointedFunction() => new ListCheckpointedAdapter<T>(this);
}

/// <summary>Lets the runtime treat any <see cref="IListCheckpointed{T}"/> as an <see cref="ICheckpointedFunction"/> without reflection. Implemented for you.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IListCheckpointedAdapterSource
{
    /// <summary>An adapter that stores the list as the state <see cref="ListCheckpointedAdapter{T}.StateName"/>.</summary>
    ICheckpointedFunction AsCheckpointedFunction();
}

/// <summary>Stores an <see cref="IListCheckpointed{T}"/>'s list as one even-split state.</summary>
internal sealed class ListCheckpointedAdapter<T>(IListCheckpointed<T> function) : ICheckpointedFunction
{
    /// <summary>The state name under which the list is stored.</summary>
    public const string StateName = "$list";

    private static readonly ListStateDescriptor<T> Descriptor = new(StateName, Redistribution.EvenSplit);

    public void SnapshotState(ISnapshotContext context) =>
        context.AddRange(Descriptor, function.SnapshotState(context.CheckpointId, context.Timestamp) ?? []);

    public void RestoreState(IRestoreContext context) => function.RestoreState(context.Get(Descriptor));
}
