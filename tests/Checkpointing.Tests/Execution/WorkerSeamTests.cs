using Checkpointing.Execution;

namespace Checkpointing.Tests.Execution;

/// <summary>
/// The job's control reaches subtasks only through workers (<c>Execution/Workers/IWorker.cs</c>): placement is
/// deterministic, and a job whose subtasks are spread over several workers checkpoints, restarts and rescales
/// exactly as one with a single worker.
/// </summary>
public class WorkerSeamTests
{
    private const int Partitions = 6;

    [Theory]
    [InlineData(7, new[] { 1, 1, 1 }, new[] { 3, 2, 2 })]
    [InlineData(8, new[] { 2, 1, 1 }, new[] { 4, 2, 2 })]
    [InlineData(2, new[] { 1, 1, 1 }, new[] { 1, 1, 0 })]
    [InlineData(10, new[] { 3, 1 }, new[] { 8, 2 })]
    [InlineData(5, new[] { 1 }, new[] { 5 })]
    public void Placement_cuts_indices_into_ranges_in_proportion_to_weights(int parallelism, int[] weights, int[] expected)
    {
        var placed = SubtaskPlacement.Place(sources: 1, parallelism, weights);

        Assert.Equal(expected, placed.Select(p => p.Count));
        // Contiguous, in worker order.
        Assert.Equal(Enumerable.Range(0, parallelism), placed.SelectMany(p => p.Select(id => id.Index)));
    }

    [Fact]
    public void Placement_puts_each_subtask_of_every_source_on_exactly_one_worker_with_its_index()
    {
        for (var parallelism = 1; parallelism <= 9; parallelism++)
            for (var workerCount = 1; workerCount <= 4; workerCount++)
            {
                var weights = Enumerable.Range(0, workerCount).Select(w => 1 + w % 3).ToArray();
                var placed = SubtaskPlacement.Place(sources: 2, parallelism, weights);

                var all = placed.SelectMany(p => p).ToList();
                Assert.Equal(2 * parallelism, all.Distinct().Count());
                Assert.Equal(2 * parallelism, all.Count);
                // Both sources' subtask i share a worker: one slot per index.
                foreach (var worker in placed)
                    Assert.Equal(worker.Where(id => id.Source == 0).Select(id => id.Index), worker.Where(id => id.Source == 1).Select(id => id.Index));
                Assert.Equal(placed.Select(p => p.ToList()), SubtaskPlacement.Place(2, parallelism, weights).Select(p => p.ToList()));
            }
    }

    [Fact]
    public void Placement_refuses_a_worker_without_weight()
    {
        var error = Assert.Throws<ArgumentException>(() => SubtaskPlacement.Place(1, 4, [1, 0]));
        Assert.Contains("Worker 1 has weight 0", error.Message);
        Assert.Throws<ArgumentException>(() => SubtaskPlacement.Place(1, 4, []));
    }

    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(5, 2, 2)]
    [InlineData(3, 3, 3)]
    public async Task Subtasks_on_several_workers_recover_from_failures_exactly_once(int parallelism, int workers, int seed)
    {
        const long limit = 3_000;
        var random = new Random(seed);
        var failAt = Enumerable.Range(0, 3).Select(_ => (long)random.Next(1, (int)(Partitions * limit))).ToArray();
        var probe = new JobProbe(failAt);
        var system = new ExternalSystem();
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.FixedDelay(10, TimeSpan.Zero), LocalWorkers = workers };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new PartitionedSource(Partitions, limit, probe)).Uid("source")
           .Map(probe.Observe)
           .AddSink(() => new TransactionalSink(system)).Uid("sink");

        var result = await env.ExecuteAsync("workers").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.InRange(result.Restarts, 1, probe.Failures);
        ExactlyOnce.Assert(system.Committed, Partitions, limit);
    }

    [Fact]
    public async Task A_savepoint_taken_on_three_workers_restores_on_one_at_another_parallelism()
    {
        const long limit = 4_000;
        using var dir = new TempDirectory();
        var system = new ExternalSystem();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(1) };
        var env = new StreamExecutionEnvironment { Parallelism = 5, LocalWorkers = 3 };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(20));
        env.AddSource(() => new PartitionedSource(Partitions, limit, probe)).Uid("source").Map(probe.Observe).AddSink(() => new TransactionalSink(system)).Uid("sink");
        var running = await env.StartAsync("spread");
        while (probe.Seen < 500) await Task.Delay(5);
        var savepoint = await running.StopWithSavepointAsync(dir.Path);
        Assert.Equal(JobStatus.Stopped, (await running.Completion.WaitAsync(TimeSpan.FromMinutes(1))).Status);
        Assert.True(system.Committed.Count < Partitions * limit, "the first run must stop before the end for the test to mean anything");

        var resumed = new StreamExecutionEnvironment { Parallelism = 2 };
        resumed.RestoreFrom(savepoint);
        resumed.AddSource(() => new PartitionedSource(Partitions, limit, new JobProbe())).Uid("source").AddSink(() => new TransactionalSink(system)).Uid("sink");
        var result = await resumed.ExecuteAsync("spread").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        ExactlyOnce.Assert(system.Committed, Partitions, limit);
    }
}
