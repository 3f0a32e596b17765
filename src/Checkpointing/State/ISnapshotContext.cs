namespace Checkpointing;

/// <summary>What a function writes its state into during a checkpoint. Valid only during the <c>SnapshotState</c> call.</summary>
public interface ISnapshotContext
{
    /// <summary>The checkpoint's id, strictly increasing within a job.</summary>
    long CheckpointId { get; }

    /// <summary>When the coordinator triggered the checkpoint, in Unix milliseconds.</summary>
    long Timestamp { get; }

    /// <summary>Appends one unit to a state (declaring the state on first use).</summary>
    void Add<T>(ListStateDescriptor<T> state, T unit);

    /// <summary>Appends units to a state; with no units it still declares the state, so restore sees it as present and empty.</summary>
    void AddRange<T>(ListStateDescriptor<T> state, IEnumerable<T> units);

    /// <summary>Appends units to a state without enumerator allocations.</summary>
    void AddRange<T>(ListStateDescriptor<T> state, ReadOnlySpan<T> units);

    /// <summary>
    /// Registers the asynchronous part of this snapshot (Flink's split of a snapshot into a synchronous and an
    /// asynchronous phase): work that must finish before the checkpoint counts as complete but need not hold the
    /// checkpoint lock, such as an fsync of data flushed under the lock. The runtime runs it after releasing the lock
    /// and before writing the checkpoint's metadata; if it fails, the checkpoint is aborted. Contexts that have no
    /// asynchronous phase run it at once.
    /// </summary>
    void AddAsyncPart(Func<CancellationToken, Task> work) => work(CancellationToken.None).GetAwaiter().GetResult();
}
