using Orleans.Hosting;
using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// A function whose Close() fails after every source finished fails the attempt on a cluster as in one process: the
/// worker reports the failure to the job grain (it is not mistaken for a silo that did not answer), and the restart
/// restores the final checkpoint, which commits the transaction that close could not.
/// </summary>
public sealed class CloseFailureTests
{
    private const string JobName = "close-fails-once";
    private const int Partitions = 6;
    private const long Limit = 300;
    private static readonly ExternalSystem System = new();
    private static readonly Counter Closes = new();

    [Fact]
    public async Task A_close_that_fails_after_the_sources_finished_restarts_the_job_from_its_final_checkpoint()
    {
        using var folder = new TempDirectory();
        Folder = folder.Path;
        var cluster = new TestClusterBuilder(3).AddSiloBuilderConfigurator<CloseFailsOnce>().Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await using var _ = cluster;
        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(JobName);

        await grain.StartAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        ClusterJobStatus status;
        while ((status = await grain.GetStatusAsync().WaitAsync(limit.Token)).State != ClusterJobState.Ended) await Task.Delay(50, limit.Token);

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.Equal(1, status.Restarts);
        // Three subtasks closed in each of the two attempts; the first close of all failed.
        Assert.Equal(6, Closes.Value);
        ExactlyOnce.Assert(System.Committed, Partitions, Limit);
    }

    private static string Folder { get; set; } = "";

    /// <summary>Registers the job: three subtasks (one per silo) into a sink that commits in Close(), the first close failing; checkpoints only at the end.</summary>
    public sealed class CloseFailsOnce : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddCheckpointingJob(JobName, () =>
        {
            var env = new StreamExecutionEnvironment
            {
                Parallelism = 3,
                CheckpointStorage = new FileSystemCheckpointStorage(Folder),
                RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(100)),
            };
            env.EnableCheckpointing(TimeSpan.FromHours(1));
            env.AddSource(() => new PartitionedSource(Partitions, Limit, new JobProbe())).Uid("source")
               .AddSink(() => new CommitOnCloseSink(System, Closes, failures: 1)).Uid("sink");
            return env;
        });
    }
}
