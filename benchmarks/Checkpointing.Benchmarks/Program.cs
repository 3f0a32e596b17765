using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Checkpointing.Benchmarks;
using Checkpointing.Benchmarks.Benchmarks;
using Checkpointing.Benchmarks.Reporting;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --all          every benchmark, real numbers, writes docs/performance.md
//   dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --dry          every benchmark once, tiny sizes, in-process (CI)
//   dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --filter '*Serializers*'   a subset (BenchmarkDotNet filter), report sections updated
//   dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --build-cost   only the build-cost measurement
//   dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --report       rewrite docs/performance.md from the last stored results
// Any other argument is passed to BenchmarkDotNet (e.g. --list flat, --job short).

var arguments = args.ToList();
bool Take(string flag) => arguments.Remove(flag);

var dry = Take("--dry");
var all = Take("--all");
var buildCostOnly = Take("--build-cost");
var reportOnly = Take("--report");
var skipBuildCost = Take("--no-build-cost");

Type[] benchmarks =
[
    typeof(HotPathBenchmarks),
    typeof(ListOfLongSerializers),
    typeof(DictionarySerializers),
    typeof(RecordListSerializers),
    typeof(ObjectGraphSerializers),
    typeof(ColdStartBenchmarks),
    typeof(LockPauseBenchmarks),
    typeof(ScalingBenchmarks),
    typeof(EndToEndBenchmarks),
];

if (reportOnly)
{
    Report.Write(ResultStore.Load(), dry: false);
    return 0;
}

if (buildCostOnly)
{
    var cost = BuildCost.Run(dry);
    if (cost is null) return 1;
    if (!dry) Report.Write(ResultStore.Merge([], cost), dry: false);
    return 0;
}

if (!dry && !all && !arguments.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h" or "-?"))
{
    Console.Error.WriteLine("Say what to run: --all (every benchmark, writes docs/performance.md), --dry (every benchmark once, CI), or --filter PATTERN.");
    return 2;
}

if (dry) Environment.SetEnvironmentVariable(Settings.DryVariable, "1");
if ((dry || all) && !arguments.Contains("--filter")) arguments.AddRange(["--filter", "*"]);

var config = ManualConfig.CreateEmpty()
    .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
    .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
    .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
    .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
    .AddExporter(MarkdownExporter.GitHub)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithArtifactsPath(Settings.ArtifactsPath)
    .WithOptions(ConfigOptions.DisableLogFile);
if (dry)
{
    // One invocation of every case, in this process: fast, and enough to catch a benchmark that broke.
    config = config.AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Dry"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}
else
{
    SideData.Clear();
}

var summaries = BenchmarkSwitcher.FromTypes(benchmarks).Run([.. arguments], config).ToList();
var failed = Failures(summaries);
foreach (var failure in failed) Console.Error.WriteLine($"FAILED: {failure}");

if (dry)
{
    // The build-cost script too, on a tiny project, so it cannot rot either.
    if (!skipBuildCost && BuildCost.Run(dry: true) is null) failed.Add("build cost");
    Console.WriteLine(failed.Count == 0 ? "Dry run: every benchmark ran." : $"Dry run: {failed.Count} failure(s).");
    return failed.Count == 0 ? 0 : 1;
}

var results = ResultStore.FromSummaries(summaries);
BuildCostResult? buildCost = null;
if (all && !skipBuildCost) buildCost = BuildCost.Run(dry: false);
var merged = ResultStore.Merge(results, buildCost);
Report.Write(merged, dry: false);
return failed.Count == 0 ? 0 : 1;

static List<string> Failures(IReadOnlyList<Summary> summaries)
{
    var failures = new List<string>();
    if (summaries.Count == 0) failures.Add("no benchmark matched");
    foreach (var summary in summaries)
    {
        if (summary.HasCriticalValidationErrors)
            failures.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => "validation: " + e.Message));
        foreach (var benchmark in summary.BenchmarksCases)
        {
            var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase == benchmark);
            if (report is null || !report.Success || report.ResultStatistics is null)
                failures.Add(benchmark.DisplayInfo);
        }
    }
    return failures;
}
