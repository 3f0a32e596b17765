using Checkpointing.Tests.Execution;
using Record = Checkpointing.Tests.Execution.Record;

namespace Checkpointing.Tests.Sources;

public class SplitSourceTests
{
    [Fact]
    public async Task Rescaling_3_to_2_to_4_hands_whole_splits_over_and_loses_or_repeats_nothing()
    {
        using var dir = new TempDirectory();
        var catalog = new SplitCatalog();
        // Enough records that the paced runs are stopped well before the end even on a fast, idle machine.
        const long PerSplit = 20_000;
        catalog.Add("orders", 6, PerSplit);
        catalog.Add("payments", 4, PerSplit);
        var system = new ExternalSystem();
        var total = catalog.TotalRecords;

        // Paced runs 1 and 2 are stopped with a savepoint part-way (unbounded, so they cannot end on their own first);
        // run 3 reads to the end.
        var savepoint1 = await RunUntilStopped(Job(3, catalog, system, "p3", TimeSpan.FromMilliseconds(1), bounded: false), dir.Path, () => system.Committed.Count > total / 10);
        var committedAfter1 = system.Committed.Count;
        var second = Job(2, catalog, system, "p2", TimeSpan.FromMilliseconds(1), bounded: false);
        second.RestoreFrom(savepoint1);
        var savepoint2 = await RunUntilStopped(second, dir.Path, () => system.Committed.Count > committedAfter1 + total / 10);
        Assert.True(system.Committed.Count < total, "the second run must stop before the end for the test to mean anything");
        var third = Job(4, catalog, system, "p4", TimeSpan.Zero);
        third.RestoreFrom(savepoint2);
        var result = await third.ExecuteAsync("splits").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        ExactlyOnce.Assert(Normalized(system.Committed, catalog), catalog.Current.Count, PerSplit);
        foreach (var run in new[] { "p3", "p2", "p4" })
        {
            // Within a run every split is read by exactly one subtask: splits move whole, never shared.
            var readers = catalog.Reads.Where(r => r.Run == run).GroupBy(r => r.SplitId).ToList();
            Assert.All(readers, g => Assert.Single(g.Select(r => r.Subtask).Distinct()));
        }
        // The first run assigned by the arithmetic; later runs kept what even-split redistribution handed them.
        Assert.All(catalog.Reads.Where(r => r.Run == "p3"),
            r => Assert.Equal(SplitAssigner.OwnerOf(catalog.Current.Single(s => s.SplitId == r.SplitId), 3), r.Subtask));
        Assert.Equal(catalog.Current.Count, catalog.Reads.Where(r => r.Run == "p3").Select(r => r.SplitId).Distinct().Count());
    }

    [Fact]
    public async Task Splits_discovered_while_running_are_read_once_by_their_assigned_subtask()
    {
        var catalog = new SplitCatalog();
        catalog.Add("orders", 2, 200);
        var system = new ExternalSystem();
        var env = Job(3, catalog, system, "run", TimeSpan.FromMilliseconds(1), discovery: TimeSpan.FromMilliseconds(20), bounded: false);
        var job = await env.StartAsync("discovery");

        await WaitUntil(() => system.Committed.Count >= 400);
        catalog.Add("orders", 4, 200);
        catalog.Add("refunds", 3, 200);
        await WaitUntil(() => system.Committed.Count >= catalog.TotalRecords);
        using var dir = new TempDirectory();
        await job.StopWithSavepointAsync(dir.Path);
        await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        ExactlyOnce.Assert(Normalized(system.Committed, catalog), 9, 200);
        var reads = catalog.Reads;
        Assert.Equal(9, reads.Count);
        Assert.All(reads, r => Assert.Equal(SplitAssigner.OwnerOf(catalog.Current.Single(s => s.SplitId == r.SplitId), 3), r.Subtask));
    }

    [Fact]
    public async Task A_subtask_without_splits_keeps_taking_part_in_checkpoints()
    {
        var catalog = new SplitCatalog();
        catalog.Add("single", 1, 1_000_000);
        var system = new ExternalSystem();
        var env = Job(3, catalog, system, "idle", TimeSpan.FromMilliseconds(1), discovery: TimeSpan.FromMilliseconds(20), bounded: false);
        var job = await env.StartAsync("idle");
        await WaitUntil(() => system.Committed.Count > 100);
        using var dir = new TempDirectory();
        var savepoint = await job.StopWithSavepointAsync(dir.Path);
        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        // Two of the three subtasks own nothing, yet the savepoint completed (it needs every subtask's lock) and
        // the committed records continue exactly where the single split stood.
        Assert.Equal(JobStatus.Stopped, result.Status);
        Assert.True(File.Exists(Path.Combine(savepoint, "_metadata")));
        Assert.Single(catalog.Reads);
        var committed = system.Committed.Select(r => r.Offset).Order().ToList();
        Assert.Equal(Enumerable.Range(0, committed.Count).Select(i => (long)i), committed);
    }

    [Fact]
    public void The_assigner_spreads_a_groups_splits_evenly_and_does_not_depend_on_the_process()
    {
        for (var parallelism = 1; parallelism <= 7; parallelism++)
        {
            var counts = Enumerable.Range(0, 20).GroupBy(p => SplitAssigner.OwnerOf("orders", p, parallelism)).Select(g => g.Count()).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"uneven at parallelism {parallelism}");
            Assert.Equal(Math.Min(parallelism, 20), counts.Count);
        }
        // Consecutive partitions go round-robin from the group's start.
        var start = SplitAssigner.OwnerOf("orders", 0, 5);
        Assert.Equal((start + 3) % 5, SplitAssigner.OwnerOf("orders", 3, 5));
        // Start subtasks differ between groups (not every group starts at subtask 0).
        Assert.True(Enumerable.Range(0, 20).Select(i => SplitAssigner.OwnerOf($"topic-{i}", 0, 5)).Distinct().Count() > 1);
        // XxHash32 of "orders" is fixed by its specification, unlike string.GetHashCode, which is randomised per process.
        var hash = System.IO.Hashing.XxHash32.HashToUInt32("orders"u8);
        Assert.Equal((int)((hash * 31) & 0x7FFFFFFF) % 5, start);
    }

    private static IReadOnlyList<Record> Normalized(IReadOnlyList<Record> committed, SplitCatalog catalog)
    {
        // Record.Partition is the split's key, already 0..n-1 in the order splits were added.
        Assert.Equal(Enumerable.Range(0, catalog.Current.Count), catalog.Current.Select(s => s.Key));
        return committed;
    }

    private static StreamExecutionEnvironment Job(int parallelism, SplitCatalog catalog, ExternalSystem system, string run, TimeSpan pace,
        TimeSpan? discovery = null, bool bounded = true)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
        env.AddSource(() => new CountingSplitSource(catalog, run, pace, discovery ?? TimeSpan.FromMilliseconds(10), bounded)).Uid("source")
           .AddSink(() => new TransactionalSink(system)).Uid("sink");
        return env;
    }

    private static async Task<string> RunUntilStopped(StreamExecutionEnvironment env, string savepoints, Func<bool> enough)
    {
        var job = await env.StartAsync("splits");
        await WaitUntil(() => enough() || job.Completion.IsCompleted);
        var savepoint = await job.StopWithSavepointAsync(savepoints);
        var stopped = await job.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Stopped, stopped.Status);
        return savepoint;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }
}
