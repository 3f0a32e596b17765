namespace Checkpointing.Storage;

/// <summary>
/// The epoch claims of one job, and the one rule that follows from them: a checkpoint of epoch E whose id is above
/// the restore point a higher epoch E' recorded was written by a stale coordinator after E' took over — E' had
/// already chosen where to continue from without it — so it is void. Resume-from-latest, retention and anything that
/// picks "the latest complete checkpoint" skip void checkpoints. Checkpoints of the highest epoch are never void;
/// claims without a restore record yet, and superseded ones, void nothing (their runs never commit).
/// </summary>
internal sealed class EpochHistory
{
    private readonly IReadOnlyList<EpochClaim> claims;

    private EpochHistory(IReadOnlyList<EpochClaim> claims) => this.claims = claims;

    /// <summary>No claims: every checkpoint counts (storages without epochs, jobs that always ran with epoch 0).</summary>
    public static EpochHistory None { get; } = new([]);

    public static EpochHistory Of(IReadOnlyList<EpochClaim> claims) => claims.Count == 0 ? None : new EpochHistory(claims);

    public static async Task<EpochHistory> ReadAsync(CheckpointStorage storage, string jobName, CancellationToken cancellationToken = default) =>
        Of(await storage.ListEpochClaimsAsync(jobName, cancellationToken).ConfigureAwait(false));

    public IReadOnlyList<EpochClaim> Claims => claims;

    /// <summary>The highest epoch claimed, 0 when none.</summary>
    public long Highest => claims.Count == 0 ? 0 : claims.Max(c => c.Epoch);

    /// <summary>The lowest claim above <paramref name="epoch"/>, which fences a run of that epoch; null when none.</summary>
    public EpochClaim? Above(long epoch) => claims.Where(c => c.Epoch > epoch).MinBy(c => c.Epoch);

    /// <summary>Why <paramref name="checkpoint"/> is void, or null when it counts.</summary>
    public string? WhyVoid(StoredCheckpoint checkpoint)
    {
        foreach (var claim in claims)
        {
            if (claim.Epoch <= checkpoint.Epoch || claim.RestorePoint is not { } restored || restored < EpochClaim.NoRestorePoint) continue;
            if (checkpoint.CheckpointId > restored)
                return $"checkpoint {checkpoint.CheckpointId} of epoch {checkpoint.Epoch} is above {(restored == EpochClaim.NoRestorePoint ? "the fresh start" : $"checkpoint {restored}")} " +
                       $"that epoch {claim.Epoch} restored from: a stale coordinator wrote it after it was superseded";
        }
        return null;
    }

    public bool IsVoid(StoredCheckpoint checkpoint) => WhyVoid(checkpoint) is not null;

    /// <summary><paramref name="checkpoints"/> without the void ones, in their order.</summary>
    public IEnumerable<StoredCheckpoint> Valid(IEnumerable<StoredCheckpoint> checkpoints) =>
        claims.Count == 0 ? checkpoints : checkpoints.Where(c => !IsVoid(c));
}
