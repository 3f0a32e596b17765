namespace Checkpointing;

/// <summary>A subtask's share of restored state. Valid only during the <c>RestoreState</c> call.</summary>
public interface IRestoreContext
{
    /// <summary>The id of the checkpoint or savepoint being restored.</summary>
    long CheckpointId { get; }

    /// <summary>This subtask's index, 0-based.</summary>
    int SubtaskIndex { get; }

    /// <summary>The parallelism the job runs at now.</summary>
    int Parallelism { get; }

    /// <summary>The parallelism the checkpoint was written at.</summary>
    int PreviousParallelism { get; }

    /// <summary>Whether the checkpoint holds a state of this name for this operator (even with no units for this subtask).</summary>
    bool Contains(string stateName);

    /// <summary>
    /// The units this subtask receives, as the state's mode redistributes them; empty when none or when the state is absent.
    /// Throws <see cref="CheckpointRestoreException"/> when the state was written with another mode or its units cannot be read as <typeparamref name="T"/>.
    /// </summary>
    IReadOnlyList<T> Get<T>(ListStateDescriptor<T> state);

    /// <summary>Like <see cref="Get{T}"/>, but returns <c>false</c> when the checkpoint holds no state of that name.</summary>
    bool TryGet<T>(ListStateDescriptor<T> state, out IReadOnlyList<T> units);
}
