namespace Checkpointing;

/// <summary>
/// One independently readable piece of a source's input (a Kafka partition, a file) together with its position: the
/// unit a <see cref="SplitSource{TSplit, T}"/> checkpoints, hands to other subtasks on rescale, and assigns on discovery.
/// Implementations are immutable values; advancing a split means returning a copy with the new position.
/// </summary>
public interface ISourceSplit
{
    /// <summary>Identifies the split across checkpoints and subtasks (for example <c>topic-3</c> or a file path).</summary>
    string SplitId { get; }

    /// <summary>The group the split belongs to (a topic; for a file, its path): its hash picks the first subtask of the group.</summary>
    string AssignmentGroup { get; }

    /// <summary>The split's index inside its group (a partition number; 0 for a file): splits of a group go round-robin from the first subtask.</summary>
    int AssignmentIndex { get; }
}
