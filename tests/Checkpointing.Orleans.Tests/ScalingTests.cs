using System.Collections.Concurrent;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// A job registered with <see cref="ClusterScaling.SubtasksPerSilo"/>: its parallelism follows the active silos. A
/// silo that dies makes the restart run at the smaller parallelism on the silos left (no savepoint); silos that join
/// make it rescale through one savepoint once the membership settled; the output stays exactly once throughout.
/// </summary>
public sealed class ScalingTests
{
    // More partitions than the largest parallelism here, so that every subtask has some to read.
    private const int Partitions = 12;
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(5);
    // The events of Scaling/ (see src/Checkpointing.Orleans/Diagnostics/ClusterLog.cs).
    private static readonly string[] ScalingEvents = ["AttemptScaled", "RescaleStarting", "RescaleLeftToRestart", "RescaleFailed"];

    [Fact]
    public async Task A_job_at_two_subtasks_per_silo_shrinks_when_a_silo_dies_and_grows_back_when_one_joins_exactly_once()
    {
        const long limit = 30_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var probe = new JobProbe { Pace = Slow };
        var job = ScaledJobs.Define("per-silo", folder.Path, Partitions, limit, probe, new ClusterScaling { SubtasksPerSilo = 2, SettleDelay = TimeSpan.FromSeconds(1), SavepointDirectory = savepoints.Path });
        await using var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);

        await grain.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var three = await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 6);
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2 && job.System.Committed.Count > 0, "complete two checkpoints and commit records", TimeSpan.FromMinutes(1));

        // A silo that hosts neither the job grain nor the cluster's membership dies: 2 silos left, parallelism 4.
        var coordinator = await grain.GetSiloAsync();
        var victim = cluster.SecondarySilos.First(s => s.SiloAddress.ToParsableString() != coordinator);
        await cluster.KillSiloAsync(victim).WaitAsync(TimeSpan.FromMinutes(1));
        var two = await WaitForPlacementAsync(grain, job.Name, silos: 2, parallelism: 4);
        Assert.DoesNotContain(two.Workers, w => w.Silo == victim.SiloAddress.ToParsableString());
        Assert.All(two.Workers, w => Assert.Equal(2, w.Subtasks));
        Assert.True(two.Restarts >= 1, $"the job did not restart after the silo died: {two}");
        // The shrink was a restart from the latest checkpoint, not a rescale through a savepoint.
        Assert.Empty(Directory.GetDirectories(savepoints.Path));

        // A silo joins: after the settle delay, one rescale through a savepoint back to 6 on 3 silos.
        var joined = await cluster.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var back = await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 6);
        Assert.Contains(back.Workers, w => w.Silo == joined.SiloAddress.ToParsableString());
        Assert.All(back.Workers, w => Assert.Equal(2, w.Subtasks));
        var savepoint = Assert.Single(Directory.GetDirectories(savepoints.Path));
        Assert.Equal(4, SavepointReader.Load(savepoint).Operators.Single(o => o.Uid == "source").Parallelism);
        Assert.True(job.System.Committed.Count < Partitions * limit, "the job delivered everything before it grew back");

        probe.Pace = TimeSpan.Zero;
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));

        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.Equal(3, status.Workers.Count);
        Assert.Equal(6, status.Workers.Sum(w => w.Subtasks));
        Assert.True(status.LatestCheckpointId > three.LatestCheckpointId);
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
        // Each decision is logged with the parallelism and silo counts before and after.
        var decisions = SiloLog.Of(job.Name).Where(e => ScalingEvents.Contains(e.Name)).ToList();
        Assert.Contains(decisions, e => e.Name == "AttemptScaled" && e.Message.StartsWith("Attempt 0 of job per-silo runs at parallelism 6 for 3 active silo(s)", StringComparison.Ordinal));
        Assert.Contains(decisions, e => e.Name == "AttemptScaled" && e.Message.Contains("runs at parallelism 4 for 2 active silo(s)", StringComparison.Ordinal) && e.Message.Contains("previous attempt ran at 6 on 3 silo(s)", StringComparison.Ordinal));
        Assert.Contains(decisions, e => e.Name == "RescaleStarting" && e.Message.Contains("from parallelism 4 on 2 silo(s) to 6 for 3 active silo(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, e => e.Name == "RescaleFailed");
    }

    [Fact]
    public async Task A_job_whose_job_grain_s_silo_dies_resumes_at_the_smaller_parallelism_and_grows_back_exactly_once()
    {
        const long limit = 30_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var probe = new JobProbe { Pace = Slow };
        var scaling = new ClusterScaling { SubtasksPerSilo = 2, SettleDelay = TimeSpan.FromSeconds(1), SavepointDirectory = savepoints.Path };
        // The primary silo holds the test cluster's membership: without it no silo could join. Of several job grains
        // (one per name), one activates on another silo; that job runs.
        var candidates = Enumerable.Range(0, 8).Select(i => ScaledJobs.Define($"per-silo-coordinator-{i}", Path.Combine(folder.Path, $"{i}"), Partitions, limit, probe, scaling)).ToList();
        await using var cluster = await StartClusterAsync();
        JobUnderTest? job = null;
        foreach (var candidate in candidates)
            if (await cluster.Client.GetGrain<ICheckpointingJobGrain>(candidate.Name).GetSiloAsync().WaitAsync(TimeSpan.FromMinutes(1)) != cluster.Primary!.SiloAddress.ToParsableString())
            {
                job = candidate;
                break;
            }
        Assert.True(job is not null, "every job grain activated on the primary silo");
        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);

        await grain.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 6);
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2 && job.System.Committed.Count > 0, "complete two checkpoints and commit records", TimeSpan.FromMinutes(1));
        var coordinator = await grain.GetSiloAsync();
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == coordinator)).WaitAsync(TimeSpan.FromMinutes(1));

        // The job grain's new activation resumes from the latest checkpoint at the parallelism of the two silos left.
        var two = await WaitForPlacementAsync(grain, job.Name, silos: 2, parallelism: 4);
        Assert.NotEqual(coordinator, await grain.GetSiloAsync());
        Assert.DoesNotContain(two.Workers, w => w.Silo == coordinator);
        Assert.Empty(Directory.GetDirectories(savepoints.Path));

        await cluster.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 6);
        Assert.Single(Directory.GetDirectories(savepoints.Path));
        Assert.True(job.System.Committed.Count < Partitions * limit, "the job delivered everything before it grew back");

        probe.Pace = TimeSpan.Zero;
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));
        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Fact]
    public async Task Silos_that_join_in_a_row_make_one_rescale_once_the_membership_settled()
    {
        const long limit = 30_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var probe = new JobProbe { Pace = Slow };
        var job = ScaledJobs.Define("per-silo-joins", folder.Path, Partitions, limit, probe, new ClusterScaling { SubtasksPerSilo = 2, SettleDelay = TimeSpan.FromSeconds(5), SavepointDirectory = savepoints.Path });
        await using var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);

        await grain.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 6);
        await ClusterWaits.WaitForStatusAsync(grain, job.Name, s => s.LatestCheckpointId >= 2, "complete two checkpoints", TimeSpan.FromMinutes(1));
        await cluster.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await cluster.StartAdditionalSiloAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var five = await WaitForPlacementAsync(grain, job.Name, silos: 5, parallelism: 10);

        // One savepoint, taken at the parallelism of three silos: no intermediate rescale to four.
        var savepoint = Assert.Single(Directory.GetDirectories(savepoints.Path));
        Assert.Equal(6, SavepointReader.Load(savepoint).Operators.Single(o => o.Uid == "source").Parallelism);
        Assert.All(five.Workers, w => Assert.Equal(2, w.Subtasks));
        Assert.True(job.System.Committed.Count < Partitions * limit, "the job delivered everything before it grew");

        probe.Pace = TimeSpan.Zero;
        var status = await ClusterWaits.WaitForEndAsync(grain, job.Name, TimeSpan.FromMinutes(2));
        Assert.True(status.Ended == JobStatus.Finished, $"the job did not finish: {status}");
        Assert.Single(Directory.GetDirectories(savepoints.Path));
        ExactlyOnce.Assert(job.System.Committed, Partitions, limit);
    }

    [Fact]
    public async Task A_job_that_follows_its_silos_refuses_a_rescale_by_hand()
    {
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var job = ScaledJobs.Define("per-silo-by-hand", folder.Path, Partitions, long.MaxValue, new JobProbe { Pace = Slow }, new ClusterScaling { SubtasksPerSilo = 1, SavepointDirectory = savepoints.Path });
        await using var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<ICheckpointingJobGrain>(job.Name);
        await grain.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.RescaleAsync(5, savepoints.Path).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("follows its silos", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterScaling.Fixed", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await WaitForPlacementAsync(grain, job.Name, silos: 3, parallelism: 3)).Workers.Count);
        Assert.Empty(Directory.GetDirectories(savepoints.Path));
        await grain.CancelAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    private static async Task<TestCluster> StartClusterAsync()
    {
        var cluster = new TestClusterBuilder(3).AddSiloBuilderConfigurator<Jobs>().AddSiloBuilderConfigurator<ScaledJobs>().AddSiloBuilderConfigurator<SiloLog>().Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return cluster;
    }

    /// <summary>The status once the running job is placed on <paramref name="silos"/> silos at <paramref name="parallelism"/>.</summary>
    private static Task<ClusterJobStatus> WaitForPlacementAsync(ICheckpointingJobGrain grain, string jobName, int silos, int parallelism) =>
        ClusterWaits.WaitForStatusAsync(grain, jobName, status =>
        {
            Assert.NotEqual(ClusterJobState.Ended, status.State);
            return status.State == ClusterJobState.Running && status.Workers.Count == silos && status.Workers.Sum(w => w.Subtasks) == parallelism;
        }, $"run on {silos} silos at parallelism {parallelism}", TimeSpan.FromMinutes(1));


}

/// <summary>The jobs with a <see cref="ClusterScaling"/> that the test clusters' silos know, registered as <see cref="Jobs"/> registers the others.</summary>
public sealed class ScaledJobs : ISiloConfigurator
{
    private static readonly ConcurrentDictionary<string, (JobUnderTest Job, ClusterScaling Scaling)> Defined = new();

    public static JobUnderTest Define(string name, string folder, int partitions, long limit, JobProbe probe, ClusterScaling scaling)
    {
        // The definition's parallelism is the policy's business; 1 shows it is not used.
        var job = new JobUnderTest(name, folder, partitions, limit, probe, Parallelism: 1, new ExternalSystem());
        if (!Defined.TryAdd(name, (job, scaling))) throw new InvalidOperationException($"Job '{name}' is defined twice.");
        return job;
    }

    public void Configure(ISiloBuilder siloBuilder)
    {
        foreach (var (job, scaling) in Defined.Values) siloBuilder.AddCheckpointingJob(job.Name, job.Environment, scaling);
    }
}
