using System.Globalization;
using System.Text;

namespace Checkpointing.Benchmarks.Reporting;

/// <summary>
/// Writes the measured parts of docs/performance.md: each between <c>&lt;!-- BEGIN GENERATED: name --&gt;</c> and
/// <c>&lt;!-- END GENERATED: name --&gt;</c>, so the prose around them survives a rerun. Also draws the charts.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string DocPath => Path.Combine(Settings.RepositoryRoot, "docs", "performance.md");

    public static void Write(StoredResults results, bool dry)
    {
        if (dry) return;
        var sections = new Dictionary<string, string>
        {
            ["run"] = RunSection(results),
            ["headline"] = Headline(results),
            ["hot-path"] = HotPath(results),
            ["serializers"] = Serializers(results),
            ["cold-start"] = ColdStart(results),
            ["lock-pause"] = LockPause(results),
            ["scaling"] = Scaling(results),
            ["end-to-end"] = EndToEnd(results),
            ["build-cost"] = BuildCostSection(results),
            ["raw"] = Raw(results),
        };
        Charts.Draw(results, Path.Combine(Settings.RepositoryRoot, "docs"));
        var doc = File.Exists(DocPath) ? File.ReadAllText(DocPath) : Skeleton(sections.Keys);
        foreach (var (name, body) in sections) doc = Replace(doc, name, body);
        File.WriteAllText(DocPath, doc);
        Console.WriteLine($"Wrote {DocPath}");
    }

    private static string Skeleton(IEnumerable<string> names)
    {
        var text = new StringBuilder("# Performance\n\n");
        foreach (var name in names) text.Append($"<!-- BEGIN GENERATED: {name} -->\n<!-- END GENERATED: {name} -->\n\n");
        return text.ToString();
    }

    private static string Replace(string doc, string name, string body)
    {
        var begin = $"<!-- BEGIN GENERATED: {name} -->";
        var end = $"<!-- END GENERATED: {name} -->";
        var start = doc.IndexOf(begin, StringComparison.Ordinal);
        var stop = doc.IndexOf(end, StringComparison.Ordinal);
        if (start < 0 || stop < start) return doc + $"\n{begin}\n{body.TrimEnd()}\n{end}\n";
        return doc[..(start + begin.Length)] + "\n" + body.TrimEnd() + "\n" + doc[stop..];
    }

    // ---------- sections ----------

    private static string RunSection(StoredResults r)
    {
        var text = new StringBuilder();
        text.AppendLine($"Results written {r.Written.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC.");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var line in r.Machine) text.AppendLine(line);
        if (r.Environment.Count > 0)
        {
            text.AppendLine();
            foreach (var line in r.Environment) text.AppendLine(line);
        }
        text.AppendLine("```");
        return text.ToString();
    }

    private static string Headline(StoredResults r)
    {
        var t = new StringBuilder();
        t.AppendLine("| # | What | Target | Measured | Met |");
        t.AppendLine("|---|---|---|---|---|");
        var bare = Find(r, "HotPathBenchmarks", "BareLoop");
        var runtime = Find(r, "HotPathBenchmarks", "Runtime");
        if (bare is not null && runtime is not null)
        {
            var ratio = bare.MeanNs / runtime.MeanNs;
            t.AppendLine($"| 1 | Hot path: records/s of the runtime ÷ bare lock+emit loop | ≥ 0.80 | {ratio:F2} ({Rate(runtime)} vs {Rate(bare)}) | {Met(ratio >= 0.8)} |");
        }
        foreach (var (cls, label) in SerializerShapes)
        {
            var mp = Find(r, cls, "MessagePack");
            var gen = Find(r, cls, "Generated");
            if (mp is null || gen is null) continue;
            var speed = mp.MeanNs / gen.MeanNs;
            t.AppendLine($"| 2 | Serializers, {label}: generated throughput ÷ MessagePack | ≥ 1.10 | {speed:F2} | {Met(speed >= 1.1)} |");
            if (mp.AllocatedBytes is { } ma && gen.AllocatedBytes is { } ga && ma > 0)
            {
                // The difference in bytes too: a ratio that rounds to 1.00 can still be a miss.
                var difference = ga - ma;
                var sign = difference > 0 ? "+" : difference < 0 ? "−" : "±";
                t.AppendLine($"| 2 | Serializers, {label}: generated allocations − MessagePack | ≤ +1 KB | {sign}{Bytes(Math.Abs(difference))} ({Bytes(ga)} vs {Bytes(ma)}) | {Met(difference <= 1024)} |");
            }
        }
        var coldMp = Find(r, "ColdStartBenchmarks", "MessagePackDynamic");
        var coldGen = Find(r, "ColdStartBenchmarks", "Generated");
        if (coldMp is not null && coldGen is not null)
            t.AppendLine($"| 3 | Cold start: first snapshot+restore, MessagePack dynamic ÷ generated time | (faster) | {coldMp.MeanNs / coldGen.MeanNs:F2}× ({Time(coldGen.MeanNs)} vs {Time(coldMp.MeanNs)}) | {Met(coldGen.MeanNs <= coldMp.MeanNs)} |");
        var pauses = PauseRows(r).Where(x => x.Held is not null && x.Serialize is not null).ToList();
        if (pauses.Count > 0)
        {
            // Units serialized under the lock: the pause can only match one serialization.
            var serialized = pauses.Where(x => !IsCopied(x.Shape)).Select(x => (x.Units, Ratio: x.Held!.MeanNs / x.Serialize!.MeanNs)).ToList();
            if (serialized.Count > 0)
            {
                var worst = serialized.MaxBy(x => x.Ratio);
                var all = string.Join(", ", serialized.Select(x => $"{Units(x.Units)} {x.Ratio:F2}"));
                t.AppendLine($"| 4 | Lock pause ÷ one serialization, units serialized under the lock (mutable records), worst over all sizes | ≤ 1.20 | {worst.Ratio:F2} at {Units(worst.Units)} ({all}) | {Met(worst.Ratio <= 1.2)} |");
            }
            // Units copied under the lock: the pause is the copy. Judged by the lock-held time the runtime measured in
            // real checkpoints (LockHeld alone never runs the asynchronous part, so its pooled copies are never returned).
            var largest = pauses.Where(x => IsCopied(x.Shape)).Select(x => long.Parse(x.Units, Inv)).DefaultIfEmpty(0).Max().ToString(Inv);
            foreach (var x in pauses.Where(x => IsCopied(x.Shape) && x.Units == largest))
            {
                if (PauseMetric(r, x.Shape, x.Units) is not { } pauseNs) continue;
                var ratio = pauseNs / x.Serialize!.MeanNs;
                t.AppendLine($"| 4 | Lock pause in real checkpoints ÷ one serialization, {ShapeLabel(x.Shape)} at {Units(x.Units)} units (copied under the lock, serialized after) | ≤ 0.20 | {ratio:F3} ({Time(pauseNs)} vs {Time(x.Serialize.MeanNs)}) | {Met(ratio <= 0.2)} |");
            }
            var under = r.Side.Where(e => e.Name.Contains("made while a checkpoint lock was held", StringComparison.Ordinal)).Sum(e => e.Value);
            var checkedWrites = r.Side.Where(e => e.Name.Contains("file writes and commits checked", StringComparison.Ordinal)).Sum(e => e.Value);
            if (checkedWrites > 0)
                t.AppendLine($"| 4 | No I/O under the lock: file writes and commits made while a checkpoint lock was held (all sizes) | 0 | {under:F0} of {checkedWrites:F0} | {Met(under == 0)} |");
        }
        foreach (var op in ScalingFits(r).GroupBy(f => f.Method).OrderBy(g => g.Key))
        {
            // Linear means no super-linear growth: the last decade's marginal cost per unit is at most twice the one
            // before (quadratic growth would multiply it by ten). Smaller later steps are fixed costs being amortized.
            var fits = op.OrderBy(f => RescaleOrder(f.Rescale)).ToList();
            var linear = fits.All(f => f.MarginalLow is > 0 && f.MarginalHigh is { } mh && mh <= 2 * f.MarginalLow.Value);
            var detail = string.Join("; ", fits.Select(f => $"{f.Rescale}: {f.SlopeNsPerUnit:F1} ns/unit (R² {f.R2:F2}, marginal {f.MarginalLow:F1} → {f.MarginalHigh:F1})"));
            t.AppendLine($"| 5 | Scaling, {op.Key}: fitted slope per p→m (R²; marginal ns/unit 100k→1M → 1M→10M) | linear | {detail} | {Met(linear)} |");
        }
        foreach (var p in r.Benchmarks.Where(b => b.Class == "EndToEndBenchmarks").Select(b => b.Param("Parallelism")).Distinct().OrderBy(p => int.Parse(p, Inv)))
        {
            var off = r.Benchmarks.FirstOrDefault(b => b.Class == "EndToEndBenchmarks" && b.Method == "WithoutCheckpoints" && b.Param("Parallelism") == p);
            var on = r.Benchmarks.FirstOrDefault(b => b.Class == "EndToEndBenchmarks" && b.Method == "CheckpointsEvery200Ms" && b.Param("Parallelism") == p);
            if (off is null || on is null) continue;
            var kept = off.MeanNs / on.MeanNs;
            t.AppendLine($"| 7 | End to end, parallelism {p}: records/s with 200 ms checkpoints ÷ without | ≥ 0.95 | {kept:F2} ({Rate(on)} vs {Rate(off)}) | {Met(kept >= 0.95)} |");
        }
        if (r.BuildCost is { } b)
        {
            if (b.RuntimeOnlyMs is { } runtimeOnly)
            {
                var ratio = b.WithPackageMs / runtimeOnly;
                t.AppendLine($"| 6 | Build cost, {b.Classes} classes: with the package ÷ referencing only the runtime | ≤ 1.50 | {ratio:F2} ({b.WithPackageMs:F0} vs {runtimeOnly:F0} ms; without the runtime {b.WithoutPackageMs:F0} ms) | {Met(ratio <= 1.5)} |");
            }
            var generatorShare = b.GeneratorMs / b.WithPackageMs;
            var analyzersShare = b.AnalyzersMs / b.WithPackageMs;
            t.AppendLine($"| 6 | Build cost: the generator's and the analyzers' own time ÷ the build | each ≤ 5 % | generator {generatorShare * 100:F1} % ({b.GeneratorMs:F0} ms), analyzers {analyzersShare * 100:F1} % ({b.AnalyzersMs:F0} ms) | {Met(generatorShare <= 0.05 && analyzersShare <= 0.05)} |");
        }
        return t.ToString();
    }

    private static string EndToEnd(StoredResults r)
    {
        var rows = r.Benchmarks.Where(b => b.Class == "EndToEndBenchmarks").OrderBy(b => int.Parse(b.Param("Parallelism"), Inv)).ThenBy(b => b.Method == "WithoutCheckpoints" ? 0 : 1).ToList();
        if (rows.Count == 0) return "_Not measured._";
        var t = new StringBuilder();
        t.AppendLine("| Parallelism | Method | Time per record | Records/s | Throughput ÷ without checkpoints |");
        t.AppendLine("|---:|---|---:|---:|---:|");
        foreach (var x in rows)
        {
            var baseline = r.Benchmarks.FirstOrDefault(b => b.Class == x.Class && b.Method == "WithoutCheckpoints" && b.Param("Parallelism") == x.Param("Parallelism"));
            var ratio = baseline is null ? "–" : (baseline.MeanNs / x.MeanNs).ToString("F2", Inv);
            t.AppendLine($"| {x.Param("Parallelism")} | {x.Method} | {Time(x.MeanNs)} ± {Time(x.StdDevNs)} | {Rate(x)} | {ratio} |");
        }
        return t.ToString();
    }

    private static string HotPath(StoredResults r)
    {
        var bare = Find(r, "HotPathBenchmarks", "BareLoop");
        var runtime = Find(r, "HotPathBenchmarks", "Runtime");
        if (bare is null || runtime is null) return "_Not measured._";
        var t = new StringBuilder();
        t.AppendLine("| Method | Time per record | Records/s | Throughput ÷ bare loop | Allocated per record |");
        t.AppendLine("|---|---:|---:|---:|---:|");
        string[] order = ["BareLoop", "BareLoopContended", "Runtime", "DesignNoCheck", "DesignSampledCheck", "DesignIsEntered", "DesignReenter"];
        foreach (var x in r.Benchmarks.Where(b => b.Class == "HotPathBenchmarks").OrderBy(b => Array.IndexOf(order, b.Method)))
            t.AppendLine($"| {x.Method} | {Time(x.MeanNs)} ± {Time(x.StdDevNs)} | {Rate(x)} | {bare.MeanNs / x.MeanNs:F2} | {Bytes(x.AllocatedBytes)} |");
        var side = r.Side.Where(e => e.Name.StartsWith("hot-path:", StringComparison.Ordinal)).ToList();
        if (side.Count > 0)
        {
            t.AppendLine();
            foreach (var e in side) t.AppendLine($"- Runtime, {e.Name["hot-path: ".Length..]}: {e.Value.ToString("F1", Inv)} {e.Unit}");
        }
        return t.ToString();
    }

    private static readonly (string Class, string Label)[] SerializerShapes =
    [
        ("ListOfLongSerializers", "List<long> (1M)"),
        ("DictionarySerializers", "Dictionary<string,long> (100k)"),
        ("RecordListSerializers", "list of 100k small records"),
        ("ObjectGraphSerializers", "nested object graph"),
    ];

    private static string Serializers(StoredResults r)
    {
        var t = new StringBuilder();
        t.AppendLine("Snapshot + restore of the same state. Throughput ratio = MessagePack time ÷ method time (higher is faster); allocation ratio = method ÷ MessagePack (lower is better).");
        t.AppendLine();
        t.AppendLine("| Shape | Method | Time | Throughput vs MessagePack | Allocated | Allocations vs MessagePack |");
        t.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (cls, label) in SerializerShapes)
        {
            var mp = Find(r, cls, "MessagePack");
            if (mp is null) continue;
            foreach (var x in r.Benchmarks.Where(b => b.Class == cls).OrderBy(b => MethodOrder(b.Method)))
            {
                var alloc = x.AllocatedBytes is { } a && mp.AllocatedBytes is { } ma && ma > 0 ? (a / ma).ToString("F2", Inv) : "–";
                t.AppendLine($"| {Md(label)} | {x.Method} | {Time(x.MeanNs)} ± {Time(x.StdDevNs)} | {mp.MeanNs / x.MeanNs:F2} | {Bytes(x.AllocatedBytes)} | {alloc} |");
            }
        }
        return t.ToString();
    }

    private static int MethodOrder(string method) => method switch
    {
        "Generated" => 0,
        "MessagePack" => 1,
        "MessagePackStringKeys" => 2,
        "SystemTextJson" => 3,
        _ => 4,
    };

    private static string ColdStart(StoredResults r)
    {
        var rows = r.Benchmarks.Where(b => b.Class == "ColdStartBenchmarks").OrderBy(b => b.Method).ToList();
        var mp = rows.FirstOrDefault(b => b.Method == "MessagePackDynamic");
        if (rows.Count == 0 || mp is null) return "_Not measured._";
        var t = new StringBuilder();
        t.AppendLine("| Method | First snapshot+restore (mean of fresh processes) | Median | ÷ MessagePack dynamic | Allocated |");
        t.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var x in rows)
            t.AppendLine($"| {x.Method} | {Time(x.MeanNs)} ± {Time(x.StdDevNs)} (n={x.Iterations}) | {Time(x.MedianNs)} | {x.MeanNs / mp.MeanNs:F2} | {Bytes(x.AllocatedBytes)} |");
        return t.ToString();
    }

    private static readonly string[] PauseShapes = ["Longs", "Strings", "Counts", "Records", "MutableRecords"];

    /// <summary>What each lock-pause shape is, for tables and charts.</summary>
    public static string ShapeLabel(string shape) => shape switch
    {
        "Longs" => "List<long>",
        "Strings" => "List<string>",
        "Counts" => "Dictionary<string,long>",
        "Records" => "list of immutable records",
        "MutableRecords" => "list of mutable records",
        _ => shape,
    };

    /// <summary>Whether the generated snapshot copies the shape's units under the lock (they are immutable) rather than serializing them there.</summary>
    public static bool IsCopied(string shape) => shape != "MutableRecords";

    private static IEnumerable<(string Shape, string Units, BenchResult? Serialize, BenchResult? Held, BenchResult? Checkpoint)> PauseRows(StoredResults r)
    {
        var rows = r.Benchmarks.Where(b => b.Class == "LockPauseBenchmarks").ToList();
        foreach (var shape in PauseShapes)
            foreach (var units in rows.Where(b => b.Param("Shape") == shape).Select(b => b.Param("Units")).Distinct().OrderBy(u => long.Parse(u, Inv)))
            {
                BenchResult? Of(string method) => rows.FirstOrDefault(b => b.Method == method && b.Param("Shape") == shape && b.Param("Units") == units);
                yield return (shape, units, Of("SerializeOnce"), Of("LockHeld"), Of("Checkpoint"));
            }
    }

    /// <summary>The median lock-held time the runtime recorded in the Checkpoint benchmark's real checkpoints, in ns.</summary>
    private static double? PauseMetric(StoredResults r, string shape, string units)
    {
        var parameters = $"Shape={shape}, Units={units}";
        var metric = r.Side.FirstOrDefault(e => e.Parameters == parameters && e.Name.Contains("lock held per checkpoint (median", StringComparison.Ordinal))
            ?? r.Side.FirstOrDefault(e => e.Parameters == parameters && e.Name.Contains("lock held per checkpoint (mean", StringComparison.Ordinal));
        return metric?.Value * 1000;
    }

    private static string LockPause(StoredResults r)
    {
        var rows = PauseRows(r).ToList();
        if (rows.Count == 0) return "_Not measured._";
        var t = new StringBuilder();
        t.AppendLine("| State | Path | Units | Serialize once (MessagePack) | Lock held (SourceSubtask.Snapshot) | ÷ serialization | Whole checkpoint to files | Lock held per checkpoint (runtime metric, median) | ÷ serialization | Writes under the lock |");
        t.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (shape, u, ser, held, cp) in rows)
        {
            var parameters = $"Shape={shape}, Units={u}";
            var metric = PauseMetric(r, shape, u);
            var ratio = ser is not null && held is not null ? (held.MeanNs / ser.MeanNs).ToString("F3", Inv) : "–";
            var metricRatio = ser is not null && metric is not null ? (metric.Value / ser.MeanNs).ToString("F3", Inv) : "–";
            var under = r.Side.FirstOrDefault(e => e.Parameters == parameters && e.Name.Contains("made while a checkpoint lock was held", StringComparison.Ordinal));
            var total = r.Side.FirstOrDefault(e => e.Parameters == parameters && e.Name.Contains("file writes and commits checked", StringComparison.Ordinal));
            var writes = under is null || total is null ? "–" : $"{under.Value:F0} of {total.Value:F0}";
            var path = IsCopied(shape) ? "copied under the lock, serialized after" : "serialized under the lock";
            t.AppendLine($"| {Md(ShapeLabel(shape))} | {path} | {Units(u)} | {Time(ser?.MeanNs)} | {Time(held?.MeanNs)} | {ratio} | {Time(cp?.MeanNs)} | {Time(metric)} | {metricRatio} | {writes} |");
        }
        return t.ToString();
    }

    public sealed record Fit(string Method, string Rescale, double SlopeNsPerUnit, double InterceptNs, double R2, double? MarginalLow, double? MarginalHigh);

    public static List<Fit> ScalingFits(StoredResults r)
    {
        var fits = new List<Fit>();
        var rows = r.Benchmarks.Where(b => b.Class == "ScalingBenchmarks").ToList();
        foreach (var group in rows.GroupBy(b => (b.Method, Rescale: b.Param("Rescale"))))
        {
            var points = group.Select(b => (X: double.Parse(b.Param("Units"), Inv), Y: b.MeanNs)).OrderBy(p => p.X).ToList();
            if (points.Count < 2) continue;
            var (slope, intercept, r2) = LeastSquares(points);
            // Marginal cost per unit between the three largest sizes: equal when the growth is linear, whatever the
            // fixed cost (fsyncs, tasks, files) that dominates the small sizes.
            double? Marginal(int from, int to) => points.Count > Math.Max(from, to) && from >= 0
                ? (points[to].Y - points[from].Y) / (points[to].X - points[from].X) : null;
            var n = points.Count;
            fits.Add(new Fit(group.Key.Method, group.Key.Rescale, slope, intercept, r2, Marginal(n - 3, n - 2), Marginal(n - 2, n - 1)));
        }
        return fits;
    }

    private static (double Slope, double Intercept, double R2) LeastSquares(IReadOnlyList<(double X, double Y)> points)
    {
        var n = points.Count;
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        var intercept = my - slope * mx;
        var ssTot = points.Sum(p => (p.Y - my) * (p.Y - my));
        var ssRes = points.Sum(p => Math.Pow(p.Y - (slope * p.X + intercept), 2));
        return (slope, intercept, ssTot == 0 ? 1 : 1 - ssRes / ssTot);
    }

    private static string Scaling(StoredResults r)
    {
        var rows = r.Benchmarks.Where(b => b.Class == "ScalingBenchmarks").ToList();
        if (rows.Count == 0) return "_Not measured._";
        var t = new StringBuilder();
        var rescales = rows.Select(b => b.Param("Rescale")).Distinct().OrderBy(RescaleOrder).ToList();
        t.AppendLine("Mean time per operation. Checkpoint runs at the old parallelism p; restore and redistribution go from p to m.");
        t.AppendLine();
        t.AppendLine("| Units | " + string.Join(" | ", rescales.SelectMany(x => new[] { $"Checkpoint p={x.Split('→')[0]}", $"Restore {x}", $"Redistribute {x}" })) + " |");
        t.AppendLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", rescales.Count * 3)));
        foreach (var u in UnitCountsOf(r, "ScalingBenchmarks"))
        {
            var cells = rescales.SelectMany(x => new[] { "Checkpoint", "Restore", "Redistribute" }
                .Select(m => Time(rows.FirstOrDefault(b => b.Method == m && b.Param("Rescale") == x && b.Param("Units") == u)?.MeanNs)));
            t.AppendLine($"| {Units(u)} | " + string.Join(" | ", cells) + " |");
        }
        t.AppendLine();
        var sizes = UnitCountsOf(r, "ScalingBenchmarks");
        var low = sizes.Count >= 3 ? $"{Units(sizes[^3])}→{Units(sizes[^2])}" : "–";
        var high = sizes.Count >= 2 ? $"{Units(sizes[^2])}→{Units(sizes[^1])}" : "–";
        t.AppendLine("Time = intercept + slope × units, least-squares over all sizes; R² of that fit. The marginal cost per unit between the largest sizes is the check for linearity: equal columns mean linear growth, whatever fixed cost (fsync per file, one task per subtask) dominates the small sizes.");
        t.AppendLine();
        t.AppendLine($"| Operation | Rescale | Fitted slope | Intercept | R² | Marginal {low} | Marginal {high} |");
        t.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var fit in ScalingFits(r).OrderBy(f => f.Method).ThenBy(f => RescaleOrder(f.Rescale)))
            t.AppendLine($"| {fit.Method} | {fit.Rescale} | {fit.SlopeNsPerUnit:F1} ns/unit | {Time(Math.Max(0, fit.InterceptNs))} | {fit.R2:F3} | {PerUnit(fit.MarginalLow)} | {PerUnit(fit.MarginalHigh)} |");
        t.AppendLine();
        t.AppendLine("![Checkpoint and restore time against state size](performance-scaling.png)");
        return t.ToString();
    }

    private static string BuildCostSection(StoredResults r)
    {
        if (r.BuildCost is not { } b) return "_Not measured._";
        var t = new StringBuilder();
        t.AppendLine($"A generated project of {b.Classes} source classes (each a `RichParallelSourceFunction<long>` with a scalar offset, a list, a dictionary and a small record list as state), rebuilt {b.Repetitions}× each way, alternating, with a warm compiler server; medians. Commands: {(b.Command.StartsWith('`') ? b.Command : $"`{b.Command}`")}.");
        t.AppendLine();
        t.AppendLine("| Build | Time |");
        t.AppendLine("|---|---:|");
        t.AppendLine($"| Without the package (same classes, plain fields, no runtime) | {b.WithoutPackageMs:F0} ms |");
        if (b.RuntimeOnlyMs is { } runtimeOnly)
            t.AppendLine($"| The same source referencing only the runtime (no generator, no analyzers: no generated code) | {runtimeOnly:F0} ms |");
        t.AppendLine($"| With the package (runtime + generator + analyzers) | {b.WithPackageMs:F0} ms |");
        t.AppendLine($"| Difference, with ÷ without | +{b.WithPackageMs - b.WithoutPackageMs:F0} ms ({b.WithPackageMs / b.WithoutPackageMs:F2}×) |");
        if (b.RuntimeOnlyMs is { } r2)
            t.AppendLine($"| of which generator, analyzers and compiling the generated code (with − runtime only) | {b.WithPackageMs - r2:F0} ms |");
        t.AppendLine($"| Generator time (ReportAnalyzer) | {b.GeneratorMs:F0} ms ({b.GeneratorMs / b.WithPackageMs:P1} of the build) |");
        t.AppendLine($"| Analyzer time, Checkpointing's analyzers (ReportAnalyzer) | {b.AnalyzersMs:F0} ms ({b.AnalyzersMs / b.WithPackageMs:P1} of the build) |");
        if (b.Components.Count > 0)
        {
            t.AppendLine();
            t.AppendLine("| Component (the ReportAnalyzer build) | Kind | Time |");
            t.AppendLine("|---|---|---:|");
            foreach (var c in b.Components.OrderByDescending(c => c.Ms)) t.AppendLine($"| {Md(c.Name)} | {c.Kind} | {c.Ms:F0} ms |");
        }
        return t.ToString();
    }

    private static string Raw(StoredResults r)
    {
        if (r.Reports.Count == 0) return "_No BenchmarkDotNet reports stored._";
        var t = new StringBuilder();
        t.AppendLine("<details><summary>BenchmarkDotNet's own tables (GitHub exporter), verbatim</summary>");
        t.AppendLine();
        foreach (var (_, report) in r.Reports.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            t.AppendLine(report.Trim());
            t.AppendLine();
        }
        t.AppendLine("</details>");
        return t.ToString();
    }

    // ---------- helpers ----------

    private static BenchResult? Find(StoredResults r, string cls, string method, string? units = null) =>
        r.Benchmarks.FirstOrDefault(b => b.Class == cls && b.Method == method && (units is null || b.Param("Units") == units));

    public static List<string> UnitCountsOf(StoredResults r, string cls) =>
        [.. r.Benchmarks.Where(b => b.Class == cls).Select(b => b.Param("Units")).Where(u => u.Length > 0).Distinct().OrderBy(u => long.Parse(u, Inv))];

    private static int RescaleOrder(string rescale) => int.Parse(rescale.Split('→')[0], Inv);

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Md(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;").Replace("|", "\\|");

    private static string Units(string units) => long.Parse(units, Inv) switch
    {
        >= 1_000_000 and var n when n % 1_000_000 == 0 => $"{n / 1_000_000}M",
        >= 1_000 and var n when n % 1_000 == 0 => $"{n / 1_000}k",
        var n => n.ToString(Inv),
    };

    private static string PerUnit(double? ns) => ns is { } v ? $"{v:F1} ns/unit" : "–";

    private static string Rate(BenchResult x) => $"{1e9 / x.MeanNs / 1e6:F1} M/s";

    public static string Time(double? ns) => ns switch
    {
        null => "–",
        < 1_000 => $"{ns:F1} ns",
        < 1_000_000 => $"{ns / 1_000:F2} µs",
        < 1_000_000_000 => $"{ns / 1_000_000:F2} ms",
        _ => $"{ns / 1_000_000_000:F2} s",
    };

    private static string Bytes(double? bytes) => bytes switch
    {
        null => "–",
        < 1024 => $"{bytes:F0} B",
        < 1024 * 1024 => $"{bytes / 1024:F1} KB",
        _ => $"{bytes / 1024 / 1024:F2} MB",
    };
}
