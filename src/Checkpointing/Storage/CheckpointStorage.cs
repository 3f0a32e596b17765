using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>Where completed checkpoints are kept: <see cref="FileSystemCheckpointStorage"/> or <see cref="InMemoryCheckpointStorage"/>.</summary>
public abstract class CheckpointStorage
{
    private protected CheckpointStorage() { }

    /// <summary>Starts writing checkpoint <paramref name="checkpointId"/> of <paramref name="jobName"/>.</summary>
    internal abstract Storage.ICheckpointTarget Begin(string jobName, long checkpointId);

    /// <summary>Checkpoints of the job that may be complete, newest first, including torn ones (loading tells).</summary>
    internal abstract IReadOnlyList<Storage.StoredCheckpoint> List(string jobName);

    /// <summary>Deletes a checkpoint (retention, or an aborted one).</summary>
    internal abstract void Discard(string jobName, long checkpointId);

    /// <summary>The newest checkpoint of the job that loads cleanly; damaged ones are logged and skipped.</summary>
    internal Storage.CompletedCheckpoint? LoadLatest(string jobName, ILogger logger)
    {
        foreach (var candidate in List(jobName))
        {
            try
            {
                return candidate.Load();
            }
            catch (CheckpointFormatException e)
            {
                logger.LogWarning("Skipping checkpoint {CheckpointId} at {Location}: {Reason}", candidate.CheckpointId, candidate.Location, e.Message);
            }
        }
        return null;
    }

    /// <summary>The highest checkpoint id ever started for the job, complete or not, so new ids never reuse one.</summary>
    internal long HighestId(string jobName) => List(jobName).Select(c => c.CheckpointId).DefaultIfEmpty(0).Max();
}
