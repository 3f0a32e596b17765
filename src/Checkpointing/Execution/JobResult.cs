namespace Checkpointing;

/// <summary>How a job ended.</summary>
public enum JobStatus
{
    /// <summary>Every source returned; a final checkpoint was taken and committed.</summary>
    Finished,

    /// <summary>Stopped with a savepoint.</summary>
    Stopped,

    /// <summary>Cancelled, without a final checkpoint.</summary>
    Cancelled,
}

/// <summary>The outcome of a job that ended normally (a failure past the restart strategy faults instead).</summary>
/// <param name="JobName">The job's name.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Restarts">How many times it restarted after failures.</param>
/// <param name="LastCheckpointId">The id of the last completed checkpoint or savepoint, 0 if none.</param>
/// <param name="SavepointPath">The savepoint folder when stopped with a savepoint.</param>
public sealed record JobResult(string JobName, JobStatus Status, int Restarts, long LastCheckpointId, string? SavepointPath);
