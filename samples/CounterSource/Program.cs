// The CounterSource of Flink's documentation at parallelism N, checkpointed to local files, with injected failures; it prints live
// progress and ends with a verification line proving every record was committed exactly once.
//   dotnet run --project samples/CounterSource -- [--parallelism 4] [--records 2000000] [--failures 2] [--no-checkpoints] [--generated]
//                                                 [--s3 [s3://bucket/prefix] [--s3-endpoint URL]]
// --generated runs the [Checkpointed] form of the source instead of the hand-written IListCheckpointed<long> one.
// --s3 keeps the checkpoints in S3: alone, in a private s3rver started for the run (eng/ci/install-s3rver.sh installs
// it); with a location, in that bucket with the SDK's credentials, at --s3-endpoint for an S3-compatible store.
using System.Diagnostics;
using Checkpointing;
using CounterSample;
using Microsoft.Extensions.Logging;

var options = SampleOptions.Parse(args);
var work = Path.Combine(Path.GetTempPath(), "checkpointing-counter-sample");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
var output = Path.Combine(work, "output");

using var checkpoints = CheckpointStorageChoice.Create(options.S3Location, options.S3Endpoint, Path.Combine(work, "checkpoints"));
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel.Warning));
var env = new StreamExecutionEnvironment
{
    Parallelism = options.Parallelism,
    CheckpointStorage = checkpoints.Storage,
    RestartStrategy = RestartStrategy.FixedDelay(attempts: options.Failures + 1, delay: TimeSpan.FromMilliseconds(100)),
    LoggerFactory = loggerFactory,
};
if (options.Checkpointing) env.EnableCheckpointing(TimeSpan.FromMilliseconds(200));

var injector = new FailureInjector(options.Records * options.Parallelism, options.Failures);
Func<ISourceFunction<long>> source = options.Generated
    ? () => new GeneratedCounterSource(options.Records)
    : () => new CounterSource(options.Records);
env.AddSource(source).Uid("counter")
   .Map(injector.Observe)
   .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");

Console.WriteLine($"CounterSource ({(options.Generated ? "[Checkpointed] form" : "hand-written IListCheckpointed<long>")}): parallelism {options.Parallelism}, {options.Records:N0} records per subtask, " +
                  $"checkpoints {(options.Checkpointing ? "every 200 ms" : "off")}, {options.Failures} injected failure(s); output in {work}, checkpoints in {checkpoints.Description}");
using var pauses = new LockPauseMeter();
var clock = Stopwatch.StartNew();
var job = await env.StartAsync("counter-job");
long lastSeen = 0;
while (!job.Completion.IsCompleted)
{
    await Task.WhenAny(job.Completion, Task.Delay(1000));
    var seen = injector.Seen;
    Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F1}s  {seen - lastSeen,12:N0} records/s  last checkpoint {job.LatestCheckpointId}  failures {injector.Failed}");
    lastSeen = seen;
}
var result = await job.Completion;
clock.Stop();

var (committed, lost, duplicated) = Verification.Check(output, options.Parallelism, options.Records);
Console.WriteLine($"Job {result.Status} after {result.Restarts} restart(s), last checkpoint {result.LastCheckpointId}, " +
                  $"{injector.Seen / clock.Elapsed.TotalSeconds:N0} records/s processed (incl. replays).");
Console.WriteLine($"Checkpoint pauses: {pauses.Summary()}.");
Console.WriteLine($"VERIFY records committed {committed}, lost {lost}, duplicated {duplicated}: {(lost == 0 && duplicated == 0 && committed == options.Records * options.Parallelism ? "OK" : "FAILED")}");
return lost == 0 && duplicated == 0 ? 0 : 1;

internal sealed record SampleOptions(int Parallelism, long Records, int Failures, bool Checkpointing, bool Generated = false, string? S3Location = null, string? S3Endpoint = null)
{
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(4, 2_000_000, 2, true);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--parallelism" => options with { Parallelism = int.Parse(args[++i]) },
                "--records" => options with { Records = long.Parse(args[++i]) },
                "--failures" => options with { Failures = int.Parse(args[++i]) },
                "--no-checkpoints" => options with { Checkpointing = false, Failures = 0 },
                "--generated" => options with { Generated = true },
                // "" = a private s3rver; a following s3:// argument names a real bucket.
                "--s3" => options with { S3Location = i + 1 < args.Length && args[i + 1].StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? args[++i] : "" },
                "--s3-endpoint" => options with { S3Endpoint = args[++i] },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --parallelism N, --records N, --failures N, --no-checkpoints, --generated, --s3 [s3://bucket/prefix], --s3-endpoint URL."),
            };
        }
        return options;
    }
}
