namespace Checkpointing.Orleans.Benchmarks;

/// <summary>
/// What one run of the harness measures: the cluster sizes, how long the job runs before and while it is measured,
/// and the source's pace. Records per partition are far more than any window emits, so the job never ends by
/// itself: each scenario kills its silos when it is done.
/// </summary>
public sealed record Settings(IReadOnlyList<int> SiloCounts, TimeSpan Warmup, TimeSpan Window, int PaceMs, int Partitions, long Records)
{
    /// <summary>Bound of each wait for the cluster (silos joining, a placement, a rescale, a recovery).</summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);

    public static Settings Real(IReadOnlyList<int>? siloCounts, int paceMs) =>
        new(siloCounts ?? [1, 2, 3], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), paceMs, 12, 1_000_000_000);

    /// <summary>Everything once, tiny: 1 and 2 silos, a 2-second window (a check that the harness works, not figures).</summary>
    public static Settings Dry(int paceMs) => new([1, 2], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), paceMs, 12, 1_000_000_000);
}
