using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Checkpointing.S3.Benchmarks;

// Usage (from the repository root; needs eng/ci/install-s3rver.sh to have run):
//   dotnet run -c Release --project benchmarks/Checkpointing.S3.Benchmarks -- --all     every size, real numbers
//   dotnet run -c Release --project benchmarks/Checkpointing.S3.Benchmarks -- --dry     every benchmark once, smallest size (CI)
//   dotnet run -c Release --project benchmarks/Checkpointing.S3.Benchmarks -- --filter '*Restore*'
// The Ratio column is S3 (s3rver on loopback) over the file system storage, per size.
var arguments = args.ToList();
BenchmarkMode.Dry = arguments.Remove("--dry");
var all = arguments.Remove("--all");
if (!BenchmarkMode.Dry && !all && !arguments.Contains("--filter"))
{
    Console.Error.WriteLine("Say what to run: --all, --dry, or --filter PATTERN.");
    return 2;
}
if (!arguments.Contains("--filter")) arguments.AddRange(["--filter", "*"]);

// In-process: the jobs and s3rver live for a whole case; a separate build per case would only add noise here.
var job = BenchmarkMode.Dry
    ? Job.Dry.WithId("Dry")
    : Job.Default.WithWarmupCount(2).WithIterationCount(8).WithInvocationCount(1).WithUnrollFactor(1).WithId("Storage");
var config = ManualConfig.CreateEmpty()
    .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
    .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
    .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
    .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
    .AddExporter(MarkdownExporter.GitHub)
    .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.DisableOptimizationsValidator);

var summaries = BenchmarkSwitcher.FromTypes([typeof(CheckpointBenchmarks), typeof(RestoreBenchmarks)]).Run([.. arguments], config).ToList();
var failed = summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success || r.ResultStatistics is null));
if (failed) Console.Error.WriteLine("Some benchmark failed (see above).");
return failed ? 1 : 0;
