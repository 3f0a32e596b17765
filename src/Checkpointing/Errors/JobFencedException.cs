namespace Checkpointing;

/// <summary>
/// A run of the job was fenced: a run with a higher <see cref="StreamExecutionEnvironment.Epoch"/> has claimed the
/// job in its storage (its coordinator took over, say after a network partition), so this run may no longer complete
/// checkpoints or savepoints. It ends the job and is never restarted by the restart strategy: a restart would be the
/// same stale run.
/// </summary>
public class JobFencedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobFencedException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public JobFencedException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The epoch of the run that was fenced.</summary>
    public long Epoch { get; init; }

    /// <summary>The higher epoch claimed in the storage that fenced it; equal to <see cref="Epoch"/> when that epoch itself was taken already.</summary>
    public long FencedBy { get; init; }
}
