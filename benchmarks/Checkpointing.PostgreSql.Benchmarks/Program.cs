using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Checkpointing.PostgreSql.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/Checkpointing.PostgreSql.Benchmarks            rows/s of each sink and the bare loop
//   dotnet run -c Release --project benchmarks/Checkpointing.PostgreSql.Benchmarks -- --dry   every case once, few rows (CI)
// Other arguments go to BenchmarkDotNet (e.g. --filter '*Copy*').
var arguments = args.ToList();
var dry = arguments.Remove("--dry");
if (dry) Environment.SetEnvironmentVariable(SinkThroughput.DryVariable, "1");
if (!arguments.Contains("--filter")) arguments.AddRange(["--filter", "*"]);

// In process: the benchmark's private server is started once per case in GlobalSetup, with nothing else to spawn.
var job = dry
    ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Dry")
    : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1).WithId("Rows");
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
var summaries = BenchmarkSwitcher.FromTypes([typeof(SinkThroughput)]).Run([.. arguments], config);
foreach (var summary in summaries) Console.WriteLine(SinkThroughput.RowsPerSecond(summary));
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
