namespace Checkpointing;

/// <summary>
/// The general form of operator state (Flink's <c>CheckpointedFunction</c>). The source generator implements it for
/// classes with <see cref="CheckpointedAttribute"/> fields; it may also be written by hand.
/// </summary>
public interface ICheckpointedFunction
{
    /// <summary>Writes this subtask's state. Called with the subtask's checkpoint lock held.</summary>
    void SnapshotState(ISnapshotContext context);

    /// <summary>Reads this subtask's share of the restored state. Called only when restoring, before <c>Open</c>.</summary>
    void RestoreState(IRestoreContext context);
}
