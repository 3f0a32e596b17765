using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSample;

namespace Checkpointing.Orleans.Benchmarks;

/// <summary>
/// The runtime's log events the harness measures with, read from the silos' single-line console output
/// (<c>time level: Category[event] message</c>): checkpoints completed (2002, on the job grain's silo), workers
/// deployed with the bytes of state each was restored from (8006), restarts (1006), and the sample's first-record line.
/// </summary>
public static partial class LogEvents
{
    public sealed record Completed(long CheckpointId, bool Savepoint, double Milliseconds, TimeSpan At);

    /// <summary>A worker's deploy; <see cref="Generation"/> grows with each start of the job grain (a new activation resuming the job, say).</summary>
    public sealed record Deployed(string Silo, string Attempt, int Subtasks, long StateBytes, TimeSpan At)
    {
        public long Generation => long.Parse(GenerationPattern().Match(Attempt).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static Completed? AsCompleted(SiloLog.Entry entry)
    {
        var match = CompletedPattern().Match(entry.Text);
        return match.Success
            ? new Completed(long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture), match.Groups["kind"].Value == "savepoint",
                double.Parse(match.Groups["ms"].Value.Replace(',', '.'), CultureInfo.InvariantCulture), entry.At)
            : null;
    }

    public static Deployed? AsDeployed(SiloLog.Entry entry)
    {
        var match = DeployedPattern().Match(entry.Text);
        return match.Success
            ? new Deployed(match.Groups["silo"].Value, match.Groups["attempt"].Value, int.Parse(match.Groups["subtasks"].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture), entry.At)
            : null;
    }

    /// <summary>A restart of the job's attempt (1006): one after a kill is the norm; more say the first new attempt failed too.</summary>
    public static bool IsRestart(SiloLog.Entry entry) => entry.Text.Contains("[1006]", StringComparison.Ordinal);

    public static bool IsFirstRecord(SiloLog.Entry entry) => entry.Text.StartsWith(ClusterSetup.FirstRecordLine, StringComparison.Ordinal);

    public static IReadOnlyList<Completed> Checkpoints(IEnumerable<SiloLog.Entry> entries) =>
        [.. entries.Select(AsCompleted).OfType<Completed>().Where(c => !c.Savepoint)];

    public static IReadOnlyList<Deployed> Deployments(IEnumerable<SiloLog.Entry> entries) => [.. entries.Select(AsDeployed).OfType<Deployed>()];

    [GeneratedRegex(@"generation (\d+)")]
    private static partial Regex GenerationPattern();

    [GeneratedRegex(@"\[2002\] Completed (?<kind>checkpoint|savepoint) (?<id>\d+) of job \S+ at .* in (?<ms>[\d.,]+) ms")]
    private static partial Regex CompletedPattern();

    [GeneratedRegex(@"\[8006\] The worker of job \S+ on silo (?<silo>\S+) runs (?<subtasks>\d+) subtask\(s\) of attempt (?<attempt>.+?), restored from (?<bytes>\d+) bytes")]
    private static partial Regex DeployedPattern();
}
