using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Checkpointing.Kafka.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/Checkpointing.Kafka.Benchmarks               source and sink, short runs
//   dotnet run -c Release --project benchmarks/Checkpointing.Kafka.Benchmarks -- --dry      each benchmark once, small sizes (CI)
// Any other argument is passed to BenchmarkDotNet (e.g. --filter '*Source*').
var arguments = args.ToList();
var dry = arguments.Remove("--dry");
BenchmarkSizes.Records = dry ? 2_000 : 200_000;

// In-process: each benchmark class starts its own mock cluster in this process, which a child process could not share.
var job = (dry ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance).WithId(dry ? "dry" : "short");
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromTypes([typeof(KafkaSourceBenchmarks), typeof(KafkaSinkBenchmarks)]).Run(arguments.Count == 0 ? ["--filter", "*"] : [.. arguments], config);
