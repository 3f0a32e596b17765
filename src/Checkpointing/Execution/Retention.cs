using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// Keeps the newest N checkpoints that load, not the newest N folders: a run of torn checkpoints (crashes while
/// writing) never pushes the last complete ones out. Torn checkpoints older than the newest complete one are removed;
/// damaged ones inside the window are kept but not counted (a read error may be passing), and everything older than
/// the N-th complete checkpoint goes. Each checkpoint is verified once per process. Void checkpoints (written by a
/// stale coordinator after a newer run took over: <see cref="EpochHistory"/>) never count and are removed, so a stale
/// run's checkpoints never push the newer run's out, whichever of the two applies retention.
/// </summary>
internal sealed class Retention(CheckpointStorage storage, string jobName, int keep, long epoch, ILogger logger)
{
    // By id and epoch: runs of two epochs may have written the same id.
    private readonly HashSet<(long Id, long Epoch)> complete = [];

    /// <summary>Applies retention after checkpoint <paramref name="justCompleted"/> was written (so it is complete without reading it back).</summary>
    public async Task ApplyAsync(long justCompleted, CancellationToken cancellationToken)
    {
        complete.Add((justCompleted, epoch));
        IReadOnlyList<StoredCheckpoint> stored;
        EpochHistory history;
        try
        {
            // Claims first: a checkpoint listed after them is void only by claims they show, never by a later one unseen.
            history = await EpochHistory.ReadAsync(storage, jobName, cancellationToken).ConfigureAwait(false);
            stored = await storage.ListCheckpointsAsync(jobName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.RetentionListFailed(e, jobName);
            return;
        }

        var kept = 0;
        foreach (var candidate in stored)
        {
            if (history.WhyVoid(candidate) is { } why)
            {
                await DiscardAsync(candidate, $"it is void ({why})", LogLevel.Information, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (kept < keep)
            {
                var problem = await ProblemAsync(candidate, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    kept++;
                }
                else if (kept > 0 && problem.NeverCompleted)
                {
                    await DiscardAsync(candidate, $"it is torn ({problem.Message})", LogLevel.Information, cancellationToken).ConfigureAwait(false);
                }
                else if (!problem.NeverCompleted)
                {
                    logger.RetainedCheckpointDamaged(candidate.CheckpointId, jobName, problem.Message);
                }
                continue;
            }
            await DiscardAsync(candidate, $"{keep} newer complete checkpoint(s) are retained", LogLevel.Debug, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CheckpointFormatException?> ProblemAsync(StoredCheckpoint candidate, CancellationToken cancellationToken)
    {
        if (complete.Contains((candidate.CheckpointId, candidate.Epoch))) return null;
        try
        {
            await CompletedCheckpoint.LoadAsync(candidate, cancellationToken).ConfigureAwait(false);
            complete.Add((candidate.CheckpointId, candidate.Epoch));
            return null;
        }
        catch (CheckpointFormatException e)
        {
            return e;
        }
    }

    private async Task DiscardAsync(StoredCheckpoint candidate, string why, LogLevel level, CancellationToken cancellationToken)
    {
        try
        {
            await storage.DiscardAsync(candidate, cancellationToken).ConfigureAwait(false);
            complete.Remove((candidate.CheckpointId, candidate.Epoch));
            logger.CheckpointRemoved(level, candidate.CheckpointId, jobName, candidate.Location, why);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.CheckpointRemoveFailed(e, candidate.Location);
        }
    }
}
