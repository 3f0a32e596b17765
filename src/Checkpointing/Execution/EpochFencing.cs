using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// Fences runs of one job by their job epoch (<see cref="JobSettings.Epoch"/>), so that after a partition two
/// coordinators never both commit the job's checkpoints. A run of epoch E claims <c>E</c> write-once before it lists
/// checkpoints, then records where it restores from; a coordinator checks before each metadata write and each
/// completion notice that no higher epoch was claimed meanwhile. What a stale coordinator still commits between its
/// check and a newer run's listing is void (<see cref="EpochHistory"/>). Epoch 0 claims nothing and is never fenced.
/// </summary>
internal static class EpochFencing
{
    /// <summary>
    /// Claims <paramref name="epoch"/> and supersedes the lower claims that recorded no restore point yet; returns the
    /// history to choose the restore point by. Throws <see cref="JobFencedException"/> when the epoch is taken or a
    /// higher one is claimed. With epoch 0 it only reads the history (void checkpoints still count as void).
    /// </summary>
    public static async Task<EpochHistory> ClaimAsync(CheckpointStorage storage, string job, long epoch, CancellationToken cancellationToken = default)
    {
        if (epoch == 0) return await EpochHistory.ReadAsync(storage, job, cancellationToken).ConfigureAwait(false);
        if (!await storage.TryClaimEpochAsync(job, epoch, cancellationToken).ConfigureAwait(false))
            throw Fenced(job, epoch, epoch, $"epoch {epoch} of job '{job}' is claimed already; each start needs an epoch of its own");
        var history = await EpochHistory.ReadAsync(storage, job, cancellationToken).ConfigureAwait(false);
        FailIfSuperseded(history, job, epoch, "while it started");
        // A lower run that has not chosen its restore point never will: its own write-once record is refused after this.
        // Refused when that run recorded its own meanwhile; either way the history is read again.
        var unrecorded = history.Claims.Where(c => c.Epoch < epoch && c.RestorePoint is null).ToList();
        foreach (var lower in unrecorded)
            await storage.TryRecordEpochRestoreAsync(job, lower.Epoch, EpochClaim.Superseded, cancellationToken).ConfigureAwait(false);
        return unrecorded.Count == 0 ? history : await EpochHistory.ReadAsync(storage, job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records where the run of <paramref name="epoch"/> restores from; fenced when a higher run superseded it first.</summary>
    public static async Task RecordRestoreAsync(CheckpointStorage storage, string job, long epoch, long restorePoint, ILogger logger, EpochHistory history)
    {
        if (epoch == 0) return;
        if (!await storage.TryRecordEpochRestoreAsync(job, epoch, restorePoint).ConfigureAwait(false))
            throw Fenced(job, epoch, (await EpochHistory.ReadAsync(storage, job).ConfigureAwait(false)).Above(epoch)?.Epoch ?? epoch,
                $"a run of a higher epoch superseded epoch {epoch} of job '{job}' before it recorded its restore point");
        logger.EpochClaimed(job, epoch, restorePoint, history.Claims.Count(c => c.Epoch < epoch && c.IsSuperseded));
    }

    /// <summary>Throws <see cref="JobFencedException"/> when a higher epoch than <paramref name="epoch"/> is claimed; <paramref name="before"/> says what it guards.</summary>
    public static async Task CheckAsync(CheckpointStorage storage, string job, long epoch, string before, CancellationToken cancellationToken)
    {
        if (epoch == 0) return;
        FailIfSuperseded(await EpochHistory.ReadAsync(storage, job, cancellationToken).ConfigureAwait(false), job, epoch, before);
    }

    private static void FailIfSuperseded(EpochHistory history, string job, long epoch, string when)
    {
        if (history.Above(epoch) is { } higher)
            throw Fenced(job, epoch, higher.Epoch, $"job '{job}' runs with epoch {epoch}, but epoch {higher.Epoch} was claimed {when}: a newer coordinator has taken over");
    }

    private static JobFencedException Fenced(string job, long epoch, long fencedBy, string why) =>
        new($"Job '{job}' is fenced: {why}.") { Epoch = epoch, FencedBy = fencedBy };
}
