// A Checkpointing job inside a .NET generic host: AddCheckpointingJob starts it with the host and, when the host
// stops, stops it with a savepoint. The second host run restores that savepoint and runs the job to its end.
// It ends with a verification line proving every record was committed exactly once across the two runs.
//   dotnet run --project samples/HostedJob
using Checkpointing;
using HostedSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

const string JobName = "hosted-counter";
const int Parallelism = 2;
const long Records = 20_000;

var work = Path.Combine(Path.GetTempPath(), "checkpointing-hosted-sample");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
var output = Path.Combine(work, "output");

// First run: stop the host mid-stream, as a deployment or Ctrl+C would.
using (var host = BuildHost())
{
    await host.StartAsync();
    var job = host.Services.GetRequiredKeyedService<CheckpointingJobService>(JobName);
    while (job.Client!.LatestCheckpointId < 2 && !job.Completion.IsCompleted) await Task.Delay(20);
    await host.StopAsync();
    var result = await job.Completion;
    Console.WriteLine($"First run: {result.Status}, savepoint {job.ShutdownSavepoint}");
}

// Second run: the host restores the shutdown savepoint; the job finishes and stops the host by itself.
using (var host = BuildHost())
{
    var job = host.Services.GetRequiredKeyedService<CheckpointingJobService>(JobName);
    await host.RunAsync();
    var result = await job.Completion;
    Console.WriteLine($"Second run: {result.Status}, restored from {job.RestoredFrom}");
}

var (committed, lost, duplicated) = Count(output);
var ok = lost == 0 && duplicated == 0 && committed == Parallelism * Records;
Console.WriteLine($"VERIFY records committed {committed}, lost {lost}, duplicated {duplicated}: {(ok ? "OK" : "FAILED")}");
return ok ? 0 : 1;

IHost BuildHost()
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
    builder.Logging.AddFilter("Checkpointing", LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
    builder.Services.AddCheckpointingJob(JobName, env =>
    {
        env.Parallelism = Parallelism;
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        env.CheckpointStorage = new FileSystemCheckpointStorage(Path.Combine(work, "checkpoints"));
        env.AddSource(() => new TickSource(Records)).Uid("ticks")
           .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");
    }, options => options.SavepointDirectory = Path.Combine(work, "savepoints"));
    return builder.Build();
}

// Every value 0..Records-1 must be committed exactly once per subtask.
static (long Committed, long Lost, long Duplicated) Count(string directory)
{
    var counts = new long[Records];
    long committed = 0, duplicated = 0;
    foreach (var file in ExactlyOnceFileSink<long>.CommittedFiles(directory))
        foreach (var line in File.ReadLines(file))
        {
            committed++;
            var value = long.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
            if (value < 0 || value >= Records) duplicated++;
            else counts[value]++;
        }
    var lost = counts.Sum(c => Math.Max(0, Parallelism - c));
    duplicated += counts.Sum(c => Math.Max(0, c - Parallelism));
    return (committed, lost, duplicated);
}
