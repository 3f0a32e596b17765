// Rescaling with savepoints: a partitioned counter runs at parallelism 2, is stopped with a savepoint, resumes at 3,
// is stopped again, and finishes at 1; per-partition proof shows nothing was lost or duplicated. Then the
// CounterSource of Flink's documentation shows the pitfall a scalar offset falls into on rescale, and what the
// generator does about it.
//   dotnet run --project samples/PartitionedCounter
using Checkpointing;
using PartitionedSample;

const int Partitions = 8;
const long Limit = 400;
var pace = TimeSpan.FromMilliseconds(2);
var work = Path.Combine(Path.GetTempPath(), "checkpointing-partitioned-sample");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
var output = Path.Combine(work, "output");
var savepoints = Path.Combine(work, "savepoints");

Console.WriteLine($"Part 1: {Partitions} partitions x {Limit} offsets, parallelism 2 -> 3 -> 1 through savepoints.");
string? savepoint = null;
foreach (var (parallelism, stopAt) in new[] { (2, 0.25), (3, 0.6), (1, 1.0) })
{
    var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
    env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
    if (savepoint is not null) env.RestoreFrom(savepoint);
    env.AddSource(() => new PartitionedCounterSource(Partitions, Limit, pace)).Uid("partitioned-counter")
       .AddSink(() => new ExactlyOnceFileSink<PartitionOffset>(output, r => $"{r.Partition},{r.Offset}")).Uid("file-sink");
    var job = await env.StartAsync("partitioned");
    if (stopAt < 1.0)
    {
        while (Committed(output).Count < stopAt * Partitions * Limit && !job.Completion.IsCompleted) await Task.Delay(50);
        savepoint = await job.StopWithSavepointAsync(savepoints);
    }
    var result = await job.Completion;
    Console.WriteLine($"  parallelism {parallelism}: {result.Status}, {Committed(output).Count} records committed so far" +
                      (result.SavepointPath is { } path ? $", savepoint {Path.GetFileName(path)}" : ""));
}

var records = Committed(output);
Console.WriteLine("  partition  committed  distinct  first..last  duplicated  missing");
long lost = 0, duplicated = 0;
foreach (var group in records.GroupBy(r => r.Partition).OrderBy(g => g.Key))
{
    var distinct = group.Select(r => r.Offset).Distinct().Count();
    var missing = Limit - distinct;
    var dupes = group.Count() - distinct;
    lost += missing;
    duplicated += dupes;
    Console.WriteLine($"  {group.Key,9}  {group.Count(),9}  {distinct,8}  {group.Min(r => r.Offset),4}..{group.Max(r => r.Offset),-4}  {dupes,10}  {missing,7}");
}
lost += (Partitions - records.Select(r => r.Partition).Distinct().Count()) * Limit;
var ok = lost == 0 && duplicated == 0 && records.Count == Partitions * Limit;
Console.WriteLine($"VERIFY partitions {Partitions}, records committed {records.Count}, lost {lost}, duplicated {duplicated}: {(ok ? "OK" : "FAILED")}");

Console.WriteLine();
Console.WriteLine("Part 2: the CounterSource of Flink's documentation (one scalar offset per subtask, even-split) rescaled 3 -> 2.");
var naive = await RescaleNaive(work, pace);
Console.WriteLine($"  hand-written IListCheckpointed<long>: each value 0..{naive.Limit - 1} should be committed 3 times; " +
                  $"lost {naive.Lost}, duplicated {naive.Duplicated}. The subtask that received two offsets kept the last one in silence.");
Console.WriteLine("  [Checkpointed] private long offset; the same rescale fails loudly instead:");
Console.WriteLine($"    {await RescaleGenerated(work, pace)}");
Console.WriteLine("  The fix is Part 1's form: one unit per independent partition, so even-split moves whole partitions.");
return ok ? 0 : 1;

static List<PartitionOffset> Committed(string folder) =>
    [.. ExactlyOnceFileSink<PartitionOffset>.CommittedFiles(folder)
        .SelectMany(File.ReadLines)
        .Select(line => line.Split(','))
        .Select(parts => new PartitionOffset(int.Parse(parts[0]), long.Parse(parts[1])))];

static async Task<(long Limit, long Lost, long Duplicated)> RescaleNaive(string work, TimeSpan pace)
{
    const long limit = 300;
    var output = Path.Combine(work, "naive-output");
    var first = NaiveJob(3, output, limit, pace);
    var job = await first.StartAsync("naive");
    while (ExactlyOnceFileSink<long>.CommittedFiles(output).Count == 0) await Task.Delay(20);
    var savepoint = await job.StopWithSavepointAsync(Path.Combine(work, "naive-savepoints"));
    var second = NaiveJob(2, output, limit, pace);
    second.RestoreFrom(savepoint);
    await second.ExecuteAsync("naive");

    var counts = ExactlyOnceFileSink<long>.CommittedFiles(output).SelectMany(File.ReadLines).Select(long.Parse)
        .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
    long lost = 0, duplicated = 0;
    for (var v = 0L; v < limit; v++)
    {
        var count = counts.GetValueOrDefault(v);
        if (count < 3) lost += 3 - count;
        if (count > 3) duplicated += count - 3;
    }
    return (limit, lost, duplicated);
}

static StreamExecutionEnvironment NaiveJob(int parallelism, string output, long limit, TimeSpan pace)
{
    var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
    env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
    env.AddSource(() => new NaiveCounterSource(limit, pace)).Uid("counter")
       .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");
    return env;
}

static async Task<string> RescaleGenerated(string work, TimeSpan pace)
{
    StreamExecutionEnvironment Job(int parallelism)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new GeneratedCounterSource(1_000_000, pace)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        return env;
    }

    var job = await Job(3).StartAsync("generated");
    var savepoint = await job.StopWithSavepointAsync(Path.Combine(work, "generated-savepoints"));
    try
    {
        await Job(2).RestoreFrom(savepoint).ExecuteAsync("generated");
        return "(unexpected: the restore succeeded)";
    }
    catch (CheckpointRestoreException e)
    {
        return $"{e.GetType().Name}: {e.Message}";
    }
}
