namespace Checkpointing;

/// <summary>Learns when checkpoints complete or are aborted. Called under the subtask's checkpoint lock.</summary>
public interface ICheckpointListener
{
    /// <summary>
    /// Checkpoint <paramref name="checkpointId"/> is complete and durable. Notifications are best effort: a later id
    /// subsumes every earlier one, and a lower id never follows a higher one.
    /// </summary>
    void NotifyCheckpointComplete(long checkpointId);

    /// <summary>Checkpoint <paramref name="checkpointId"/> failed or timed out; its state was discarded.</summary>
    void NotifyCheckpointAborted(long checkpointId) { }
}
