using Microsoft.Extensions.Logging;

namespace Checkpointing.Storage;

/// <summary>What the runtime asks of any <see cref="CheckpointStorage"/>, built on its public contract.</summary>
internal static class StorageReading
{
    /// <summary>The highest checkpoint id ever started for the job, complete or not, so new ids never reuse one.</summary>
    public static async Task<long> HighestIdAsync(this CheckpointStorage storage, string jobName, CancellationToken cancellationToken = default) =>
        (await storage.ListCheckpointsAsync(jobName, cancellationToken).ConfigureAwait(false)).Select(c => c.CheckpointId).DefaultIfEmpty(0).Max();

    /// <summary><paramref name="candidates"/> without the void ones (<see cref="EpochHistory"/>), each skipped one logged.</summary>
    public static IReadOnlyList<StoredCheckpoint> SkipVoid(IReadOnlyList<StoredCheckpoint> candidates, EpochHistory history, string jobName, ILogger logger)
    {
        if (history.Claims.Count == 0) return candidates;
        var valid = new List<StoredCheckpoint>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (history.WhyVoid(candidate) is { } why) logger.VoidCheckpointSkipped(candidate.CheckpointId, jobName, candidate.Location, why);
            else valid.Add(candidate);
        }
        return valid;
    }

    /// <summary>
    /// The newest of <paramref name="candidates"/> that loads, for a resume. None loads: when every candidate is torn
    /// (never completed, so nothing was ever committed from it) or there are none, the job starts fresh quietly;
    /// when some held completed state that is now damaged, the resume fails listing each candidate and why, unless
    /// <paramref name="startFreshIfNoneLoads"/> says to start fresh anyway (logged as a warning).
    /// </summary>
    public static async Task<CompletedCheckpoint?> LoadNewestForResumeAsync(IEnumerable<StoredCheckpoint> candidates, string jobName, bool startFreshIfNoneLoads,
        ILogger logger, CancellationToken cancellationToken = default)
    {
        var rejected = new List<(StoredCheckpoint Candidate, CheckpointFormatException Why)>();
        foreach (var candidate in candidates)
        {
            try
            {
                return await CompletedCheckpoint.LoadAsync(candidate, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointFormatException e)
            {
                logger.ResumeCandidateSkipped(candidate.CheckpointId, candidate.Location, e.Message);
                rejected.Add((candidate, e));
            }
        }
        if (rejected.All(r => r.Why.NeverCompleted))
        {
            logger.NothingToResume(jobName,
                rejected.Count == 0 ? "" : $" ({rejected.Count} never completed)");
            return null;
        }
        var list = string.Join(Environment.NewLine, rejected.Select(r => $"  - {r.Candidate.Location}: {r.Why.Message}"));
        if (startFreshIfNoneLoads)
        {
            logger.StartingFreshOverDamage(
                jobName, rejected.Count, Environment.NewLine, list);
            return null;
        }
        throw new CheckpointRestoreException(
            $"Cannot resume job '{jobName}': it has {rejected.Count} stored checkpoint(s) and none loads:{Environment.NewLine}{list}{Environment.NewLine}" +
            "Starting from scratch would emit again what those checkpoints recorded as done. Repair or remove them, or resume with " +
            "ResumeFromLatestCheckpoint(orStartFresh: true) to start fresh deliberately.");
    }
}
