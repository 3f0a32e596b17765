using System.Globalization;

namespace Checkpointing.Orleans.Benchmarks;

/// <summary>The results as one markdown table, a row per cluster size, and how checkpoint duration grows against one silo.</summary>
public static class Report
{
    public static string Markdown(IReadOnlyList<ScenarioResult> results, Settings settings)
    {
        var lines = new List<string>
        {
            $"Job: the ClusterJob sample's ({settings.Partitions} partitions, parallelism 6, a checkpoint every 200 ms, source pace {settings.PaceMs} ms), " +
            $"measured over {settings.Window.TotalSeconds:F0} s after {settings.Warmup.TotalSeconds:F0} s of warm-up.",
            "",
            "| Silos | Checkpoints | Checkpoint median | p95 | max | Median vs 1 silo | Records/s (committed) | Rescale: bytes restored per worker (savepoint on disk) | Kill → first record (how) | Kill → next checkpoint |",
            "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        };
        var baseline = results.FirstOrDefault(r => r.Silos == 1)?.Steady.Percentile(0.5);
        foreach (var r in results)
        {
            var median = r.Steady.Percentile(0.5);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Silos} | {r.Steady.CheckpointMilliseconds.Count} | {median:F1} ms | {r.Steady.Percentile(0.95):F1} ms | {r.Steady.CheckpointMilliseconds.Max():F1} ms | " +
                $"{(baseline is { } b ? $"{median / b:F2}x" : "–")} | {r.Steady.RecordsPerSecond:N0} | " +
                $"{string.Join(" / ", r.Rescale.BytesPerWorker.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} B ({r.Rescale.SavepointBytes:N0} B) | " +
                $"{(r.Recovery is { } k ? $"{k.ToFirstRecord.TotalSeconds:F2} s ({k.How})" : "–")} | {(r.Recovery is { } c ? $"{c.ToCheckpoint.TotalSeconds:F2} s" : "–")} |"));
        }
        return string.Join('\n', lines);
    }
}
