namespace Checkpointing;

/// <summary>
/// Reads the splits one subtask owns. Every method runs on the source's thread and never under the checkpoint lock,
/// so it may block on the network or disk; it changes no checkpointed state itself but reports records and positions
/// through a <see cref="SplitBatch{TSplit, T}"/>, which the <see cref="SplitSource{TSplit, T}"/> applies under the lock.
/// </summary>
public abstract class SplitReader<TSplit, T> : IDisposable
    where TSplit : ISourceSplit
{
    /// <summary>Starts reading <paramref name="splits"/>, each from the position it carries.</summary>
    public abstract void AddSplits(IReadOnlyList<TSplit> splits);

    /// <summary>
    /// Fetches what is available into <paramref name="batch"/> (empty when called), waiting at most
    /// <paramref name="maxWait"/> when nothing is. Keep batches small enough that emitting one is a short critical section.
    /// </summary>
    public abstract void Fetch(SplitBatch<TSplit, T> batch, TimeSpan maxWait);

    /// <summary>
    /// A checkpoint that held <paramref name="splits"/> (this subtask's splits and positions) completed; for example,
    /// report the positions to the external system for monitoring. Called outside the lock, on the source thread, for
    /// the newest completed checkpoint only. Default: nothing.
    /// </summary>
    public virtual void CheckpointComplete(long checkpointId, IReadOnlyList<TSplit> splits) { }

    /// <summary>Releases the reader's resources.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; <paramref name="disposing"/> is false when called from a finalizer.</summary>
    protected virtual void Dispose(bool disposing) { }
}
