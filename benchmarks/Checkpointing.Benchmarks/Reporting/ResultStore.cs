using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Reports;

namespace Checkpointing.Benchmarks.Reporting;

/// <summary>One benchmark case of a real run: what docs/performance.md is written from.</summary>
public sealed record BenchResult(
    string Class, string Method, Dictionary<string, string> Parameters, double MeanNs, double StdDevNs, double MedianNs,
    double? AllocatedBytes, bool Baseline, string Job, int Iterations)
{
    public string Param(string name) => Parameters.TryGetValue(name, out var value) ? value : "";
}

/// <summary>The build-cost measurement (not a BenchmarkDotNet benchmark: it times whole builds).</summary>
public sealed record BuildCostResult(
    int Classes, int Repetitions, double WithPackageMs, double WithoutPackageMs, double GeneratorMs, double AnalyzersMs,
    List<BuildCostResult.Component> Components, string Command, double? RuntimeOnlyMs = null)
{
    public sealed record Component(string Kind, string Name, double Ms);
}

/// <summary>Everything a report needs, stored next to the benchmarks so the doc can be rewritten without rerunning.</summary>
public sealed record StoredResults(
    DateTimeOffset Written, List<string> Environment, List<string> Machine, List<BenchResult> Benchmarks, List<SideData.Entry> Side,
    BuildCostResult? BuildCost, Dictionary<string, string> Reports);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(StoredResults))]
internal sealed partial class StoreJson : JsonSerializerContext;

public static class ResultStore
{
    public static string ResultsFolder => Path.Combine(Settings.RepositoryRoot, "benchmarks", "Checkpointing.Benchmarks", "results");
    private static string FilePath => Path.Combine(ResultsFolder, "results.json");

    public static StoredResults Load() =>
        File.Exists(FilePath)
            ? JsonSerializer.Deserialize(File.ReadAllText(FilePath), StoreJson.Default.StoredResults)!
            : new StoredResults(DateTimeOffset.UtcNow, [], Machine(), [], [], null, new Dictionary<string, string>());

    /// <summary>The cases of a run, one per report; per-operation statistics (OperationsPerInvoke is divided out).</summary>
    public static List<BenchResult> FromSummaries(IEnumerable<Summary> summaries)
    {
        var results = new List<BenchResult>();
        foreach (var summary in summaries)
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } stats) continue;
                var benchmark = report.BenchmarkCase;
                var parameters = benchmark.Parameters.Items.ToDictionary(p => p.Name, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
                results.Add(new BenchResult(benchmark.Descriptor.Type.Name, benchmark.Descriptor.WorkloadMethod.Name, parameters,
                    stats.Mean, stats.StandardDeviation, stats.Median, allocated, benchmark.Descriptor.Baseline, benchmark.Job.Id, stats.N));
            }
        return results;
    }

    /// <summary>
    /// Stores new results over the previous ones: a benchmark class measured now replaces that class's old cases,
    /// the others stay (so a --filter run updates only its sections). BenchmarkDotNet's own GitHub tables are kept too,
    /// by class: a class measured now takes the table this run exported, the others keep theirs (the artifacts folder
    /// also holds tables of earlier runs, dry ones included, which must not replace stored ones).
    /// </summary>
    public static StoredResults Merge(List<BenchResult> fresh, BuildCostResult? buildCost)
    {
        var old = Load();
        var classes = fresh.Select(r => r.Class).ToHashSet();
        var benchmarks = old.Benchmarks.Where(r => !classes.Contains(r.Class)).Concat(fresh).ToList();
        var topics = SideData.Topics();
        var side = old.Side.Where(e => !topics.Contains(TopicOf(e))).Concat(topics.SelectMany(t => SideData.Read(t).Select(e => e with { Name = t + ": " + e.Name }))).ToList();
        var reports = new Dictionary<string, string>(old.Reports);
        var folder = Path.Combine(Settings.ArtifactsPath, "results");
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder, "*-report-github.md"))
            {
                var type = Path.GetFileName(file)[..^"-report-github.md".Length];
                var cls = type[(type.LastIndexOf('.') + 1)..];
                if (classes.Contains(cls)) reports[cls] = File.ReadAllText(file);
            }
        }
        var stored = new StoredResults(DateTimeOffset.UtcNow, fresh.Count > 0 ? EnvironmentSummary() : old.Environment,
            fresh.Count > 0 || buildCost is not null ? Machine() : old.Machine, benchmarks, side, buildCost ?? old.BuildCost, reports);
        Directory.CreateDirectory(ResultsFolder);
        File.WriteAllText(FilePath, JsonSerializer.Serialize(stored, StoreJson.Default.StoredResults));
        return stored;
    }

    private static string TopicOf(SideData.Entry entry) => entry.Name.Split(':')[0];

    /// <summary>The BenchmarkDotNet host block: OS, CPU, SDK and runtime, JIT, GC.</summary>
    private static List<string> EnvironmentSummary()
    {
        var folder = Path.Combine(Settings.ArtifactsPath, "results");
        if (!Directory.Exists(folder)) return [];
        var first = Directory.GetFiles(folder, "*-report-github.md").Order().FirstOrDefault();
        if (first is null) return [];
        // The report starts with a fenced block of the environment.
        var lines = File.ReadAllLines(first);
        // The fenced block ends with the job of that report ("Job=…"): not part of the machine.
        return [.. lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal) && !l.StartsWith("Job=", StringComparison.Ordinal))
            .Where(l => l.Trim().Length > 0)];
    }

    /// <summary>lscpu's main lines and the `dotnet --info` summary.</summary>
    public static List<string> Machine()
    {
        var lines = new List<string>();
        var cpu = Run("lscpu", "");
        string[] keep = ["Architecture", "Model name", "CPU(s)", "Thread(s) per core", "Core(s) per socket", "Socket(s)", "CPU max MHz", "BogoMIPS", "L1d cache", "L2 cache", "L3 cache", "Hypervisor vendor", "Virtualization type"];
        lines.AddRange(cpu.Split('\n').Where(l => keep.Any(k => l.StartsWith(k + ":", StringComparison.Ordinal))).Select(l => "lscpu: " + string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        var memory = Run("free", "-g").Split('\n').FirstOrDefault(l => l.StartsWith("Mem:", StringComparison.Ordinal));
        if (memory is not null) lines.Add("memory (GiB, free -g): " + string.Join(' ', memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var info = Run("dotnet", "--info").Split('\n').Select(l => l.Trim()).ToList();
        string[] infoKeys = ["Version:", "OS Name:", "OS Version:", "RID:", "Architecture:"];
        foreach (var key in infoKeys)
        {
            var line = info.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            if (line is not null) lines.Add("dotnet --info: " + string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        var host = info.SkipWhile(l => l != "Host:").Skip(1).FirstOrDefault(l => l.StartsWith("Version:", StringComparison.Ordinal));
        if (host is not null) lines.Add("dotnet --info: Host " + string.Join(' ', host.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return lines;
    }

    private static string Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "";
        }
    }
}
