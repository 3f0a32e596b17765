using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// A partitioned job across the three silos of an in-process test cluster: one consistent checkpoint over every silo
/// drives an exactly-once sink, and a silo that leaves mid-run makes the job restart from its latest complete
/// checkpoint on the silos that remain, with nothing lost and nothing duplicated.
/// </summary>
public sealed class ClusterJobTests
{
    private const int Partitions = 6;

    [Fact]
    public async Task A_job_across_three_silos_delivers_every_record_exactly_once()
    {
        const long limit = 2_000;
        using var folder = new TempDirectory();
        var job = Jobs.Define("across-three", folder.Path, Partitions, limit, new JobProbe(), parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.Equal(0, status.Restarts);
        Assert.True(status.LatestCheckpointId >= 1);
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
        // Every silo ran subtasks: two of the six each.
        Assert.Equal(3, status.Workers.Count);
        Assert.All(status.Workers, w => Assert.Equal(2, w.Subtasks));
        // The workers' state files and the job grain's metadata are in one folder per checkpoint, nothing left in progress.
        // Named with the epoch the job grain ran with (its generation), which it claimed in storage before restoring.
        var epoch = Assert.Single(await new FileSystemCheckpointStorage(folder.Path).ListEpochClaimsAsync(job.Name)).Epoch;
        var latest = Path.Combine(folder.Path, job.Name, CheckpointFolderName.Of(status.LatestCheckpointId, epoch));
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => $"source-0-subtask-{i}").Append(CheckpointTarget.MetadataFileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(latest).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_job_restarts_on_the_remaining_silos_when_a_silo_leaves_mid_run(bool gracefully)
    {
        const long limit = 3_000;
        using var folder = new TempDirectory();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(2) };
        var job = Jobs.Define($"silo-leaves-{(gracefully ? "stopped" : "killed")}", folder.Path, Partitions, limit, probe, parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        // A silo that does not host the job grain leaves once a checkpoint completed and records were committed.
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2 && job.System.Committed.Count > 0, "complete two checkpoints and commit records", TimeSpan.FromMinutes(1));
        var coordinator = await grain.GetSiloAsync();
        var victim = cluster.Silos.First(s => s.SiloAddress.ToParsableString() != coordinator);
        var committedBefore = job.System.Committed.Count;
        await (gracefully ? cluster.StopSiloAsync(victim) : cluster.KillSiloAsync(victim)).WaitAsync(TimeSpan.FromMinutes(1));
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.True(status.Restarts >= 1, $"the job did not restart: {status}");
        Assert.True(committedBefore < Partitions * limit, "the silo left only after the job had delivered everything");
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
        // After the restart, the six subtasks ran on the two remaining silos only, three each.
        Assert.Equal(2, status.Workers.Count);
        Assert.DoesNotContain(status.Workers, w => w.Silo == victim.SiloAddress.ToParsableString());
        Assert.All(status.Workers, w => Assert.Equal(3, w.Subtasks));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_job_resumes_from_its_latest_checkpoint_when_the_silo_of_its_job_grain_leaves(bool gracefully)
    {
        const long limit = 3_000;
        using var folder = new TempDirectory();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(2) };
        var job = Jobs.Define($"coordinator-leaves-{(gracefully ? "stopped" : "killed")}", folder.Path, Partitions, limit, probe, parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2 && job.System.Committed.Count > 0, "complete two checkpoints and commit records", TimeSpan.FromMinutes(1));
        var coordinator = await grain.GetSiloAsync();
        var before = await grain.GetStatusAsync();
        var host = cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == coordinator);
        await (gracefully ? cluster.StopSiloAsync(host) : cluster.KillSiloAsync(host)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(job.System.Committed.Count < Partitions * limit, "the silo left only after the job had delivered everything");

        // Without a call from outside: the job grain resumes on a remaining silo from the latest checkpoint in storage.
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.NotEqual(coordinator, await grain.GetSiloAsync());
        Assert.Contains(probe.Events, e => e.StartsWith("restore ", StringComparison.Ordinal));
        Assert.True(status.LatestCheckpointId > before.LatestCheckpointId, $"checkpoint ids did not continue: {before.LatestCheckpointId} then {status.LatestCheckpointId}");
        Assert.Equal(2, status.Workers.Count);
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Fact]
    public async Task A_savepoint_of_a_running_job_holds_every_silo_s_subtasks_and_the_job_then_finishes()
    {
        const long limit = 2_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var job = Jobs.Define("savepoint", folder.Path, Partitions, limit, new JobProbe { Pace = TimeSpan.FromMilliseconds(2) }, parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 1, "complete a checkpoint", TimeSpan.FromMinutes(1));
        var savepoint = await grain.TriggerSavepointAsync(savepoints.Path).WaitAsync(TimeSpan.FromMinutes(1));
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.Equal(savepoints.Path, Path.GetDirectoryName(savepoint));
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => $"source-0-subtask-{i}").Append(CheckpointTarget.MetadataFileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(savepoint).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var read = SavepointReader.Load(savepoint);
        Assert.Equal(6, read.Operators.Single(o => o.Uid == "source").Parallelism);
        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Theory]
    [InlineData(3, 6)]
    [InlineData(6, 2)]
    public async Task A_rescale_through_a_savepoint_moves_the_state_to_the_new_subtasks_exactly_once(int before, int after)
    {
        const long limit = 3_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(2) };
        var job = Jobs.Define($"rescale-{before}-to-{after}", folder.Path, Partitions, limit, probe, parallelism: before);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2 && job.System.Committed.Count > 0, "complete two checkpoints and commit records", TimeSpan.FromMinutes(1));
        var savepoint = await grain.RescaleAsync(after, savepoints.Path).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(job.System.Committed.Count < Partitions * limit, "the job was rescaled only after it had delivered everything");
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.Equal(before, SavepointReader.Load(savepoint).Operators.Single(o => o.Uid == "source").Parallelism);
        // The new subtasks restored from the savepoint, spread over all three silos.
        Assert.Equal(after, probe.Events.Where(e => e.StartsWith("restore ", StringComparison.Ordinal)).Distinct().Count());
        Assert.Equal(after, status.Workers.Sum(w => w.Subtasks));
        Assert.Equal(Math.Min(after, 3), status.Workers.Count);
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Fact]
    public async Task Subtasks_are_placed_in_proportion_to_the_silos_weights()
    {
        const long limit = 1_000;
        using var folder = new TempDirectory();
        var job = Jobs.Define("weighted", folder.Path, Partitions, limit, new JobProbe(), parallelism: 6);
        await using var cluster = await StartClusterAsync(weighted: true);

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        // Weights 4, 1, 1: the primary silo runs four of the six subtasks.
        var primary = cluster.Primary!.SiloAddress.ToParsableString();
        Assert.Equal(4, status.Workers.Single(w => w.Silo == primary).Subtasks);
        Assert.All(status.Workers.Where(w => w.Silo != primary), w => Assert.Equal(1, w.Subtasks));
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Fact]
    public async Task A_worker_refuses_calls_of_a_run_it_does_not_run_and_a_cancel_ends_the_job()
    {
        using var folder = new TempDirectory();
        var job = Jobs.Define("stale-runs", folder.Path, Partitions, long.MaxValue, new JobProbe { Pace = TimeSpan.FromMilliseconds(2) }, parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 1, "complete a checkpoint", TimeSpan.FromMinutes(1));
        var coordinator = await grain.GetSiloAsync();
        var worker = cluster.Client.GetGrain<IWorkerGrain>(WorkerKey.Of(job.Name, cluster.Silos[1].SiloAddress));

        // A job grain of an earlier generation (one whose silo left, say) can neither redeploy nor checkpoint the workers.
        var stale = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.DeployAsync(new RunId(0, 7), coordinator, 6, []));
        Assert.Contains("is stale", stale.Message, StringComparison.Ordinal);
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.SnapshotAsync(new RunId(0, 0), 1_000, 0, muteAfter: false));
        Assert.Contains("does not run attempt", other.Message, StringComparison.Ordinal);

        await grain.CancelAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var status = await grain.GetStatusAsync();
        Assert.Equal(ClusterJobState.Ended, status.State);
        Assert.Equal(JobStatus.Cancelled, status.Ended);
        Assert.Equal(0, status.Restarts);
    }

    [Fact]
    public async Task A_job_grain_whose_epoch_a_newer_coordinator_outranked_commits_nothing_more_and_ends_fenced()
    {
        using var folder = new TempDirectory();
        var job = Jobs.Define("fenced-grain", folder.Path, Partitions, long.MaxValue, new JobProbe { Pace = TimeSpan.FromMilliseconds(2) }, parallelism: 6);
        await using var cluster = await StartClusterAsync();

        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync();
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2, "complete two checkpoints", TimeSpan.FromMinutes(1));

        // What a new activation on the other side of a partition does: claim a higher epoch, then record the latest
        // complete checkpoint as where it continues from. The running grain is now the stale one.
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var running = Assert.Single(await storage.ListEpochClaimsAsync(job.Name)).Epoch;
        Assert.True(await storage.TryClaimEpochAsync(job.Name, running + 1));
        long restorePoint = 0;
        foreach (var checkpoint in await storage.ListCheckpointsAsync(job.Name))
            if (await checkpoint.ReadFileAsync(CheckpointTarget.MetadataFileName, CancellationToken.None) is not null) { restorePoint = checkpoint.CheckpointId; break; }
        Assert.True(await storage.TryRecordEpochRestoreAsync(job.Name, running + 1, restorePoint));

        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));
        Assert.Equal(ClusterJobState.Ended, status.State);
        Assert.Contains("fenced", status.Failure ?? "", StringComparison.Ordinal);
        Assert.Equal(0, status.Restarts);
        // Whatever the stale grain committed after the takeover is void: a resume never builds on it.
        var history = await Checkpointing.Storage.EpochHistory.ReadAsync(storage, job.Name);
        foreach (var checkpoint in await storage.ListCheckpointsAsync(job.Name))
        {
            if (await checkpoint.ReadFileAsync(CheckpointTarget.MetadataFileName, CancellationToken.None) is null) continue;
            Assert.True(checkpoint.CheckpointId <= restorePoint || history.IsVoid(checkpoint), $"checkpoint {checkpoint.Location} counts after the takeover at {restorePoint}");
        }
    }

    [Fact]
    public async Task Starting_a_job_no_silo_registered_says_so_and_names_the_registered_ones()
    {
        using var folder = new TempDirectory();
        var job = Jobs.Define("registered", folder.Path, Partitions, 10, new JobProbe(), parallelism: 1);
        await using var cluster = await StartClusterAsync();

        var unknown = cluster.Client.GetGrain<ICheckpointingJobGrain>("not-registered");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => unknown.StartAsync().WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("Job 'not-registered' is not registered on this silo", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{job.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterJobState.NotStarted, (await unknown.GetStatusAsync()).State);
    }

    private static async Task<TestCluster> StartClusterAsync(bool weighted = false)
    {
        var builder = new TestClusterBuilder(3).AddSiloBuilderConfigurator<Jobs>().AddSiloBuilderConfigurator<SiloLog>();
        if (weighted) builder.AddSiloBuilderConfigurator<PrimaryWeighsFour>();
        var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return cluster;
    }
}

/// <summary>
/// The jobs the test cluster's silos know. Silos are configured by type, so each test defines its job here first,
/// under its own name; every silo registers every job defined so far.
/// </summary>
public sealed class Jobs : ISiloConfigurator
{
    private static readonly ConcurrentDictionary<string, JobUnderTest> Defined = new();

    public static JobUnderTest Define(string name, string folder, int partitions, long limit, JobProbe probe, int parallelism)
    {
        var job = new JobUnderTest(name, folder, partitions, limit, probe, parallelism, new ExternalSystem());
        if (!Defined.TryAdd(name, job)) throw new InvalidOperationException($"Job '{name}' is defined twice.");
        return job;
    }

    public void Configure(ISiloBuilder siloBuilder)
    {
        foreach (var job in Defined.Values) siloBuilder.AddCheckpointingJob(job.Name, job.Environment);
    }
}

/// <summary>The primary silo of a test cluster takes four shares of each job's subtasks, the others one each.</summary>
public sealed class PrimaryWeighsFour : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        siloBuilder.Services.AddOptions<CheckpointingWorkerOptions>().Configure<ILocalSiloDetails>((options, silo) => options.Weight = silo.Name == "Primary" ? 4 : 1);
}

/// <summary>
/// A partitioned source through the probe (failures it injects) into a transactional sink, checkpointed every 20 ms into a folder all silos share; a start
/// resumes from the job's latest complete checkpoint there, as a job grain that moved to another silo must.
/// </summary>
public sealed record JobUnderTest(string Name, string Folder, int Partitions, long Limit, JobProbe Probe, int Parallelism, ExternalSystem System)
{
    public StreamExecutionEnvironment Environment()
    {
        var env = new StreamExecutionEnvironment
        {
            Parallelism = Parallelism,
            CheckpointStorage = new FileSystemCheckpointStorage(Folder),
            CheckpointTimeout = TimeSpan.FromSeconds(20),
            RestartStrategy = RestartStrategy.FixedDelay(5, TimeSpan.FromMilliseconds(200)),
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(20)).ResumeFromLatestCheckpoint();
        env.AddSource(() => new PartitionedSource(Partitions, Limit, Probe)).Uid("source")
           .Map(Probe.Observe)
           .AddSink(() => new TransactionalSink(System)).Uid("sink");
        return env;
    }
}
