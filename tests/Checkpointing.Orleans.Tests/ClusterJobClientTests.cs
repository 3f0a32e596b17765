using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// <see cref="ClusterJobClient"/> from the test cluster's client: the same operations and outcomes as a
/// <see cref="JobClient"/> in one process — completion, savepoints, stop with savepoint, cancel, failure.
/// </summary>
public sealed class ClusterJobClientTests
{
    private const int Partitions = 6;

    [Fact]
    public async Task A_submitted_job_completes_with_its_result_and_a_stop_with_savepoint_returns_the_path_it_stopped_with()
    {
        const long limit = 5_000;
        using var folder = new TempDirectory();
        using var savepoints = new TempDirectory();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(2) };
        var job = Jobs.Define("client-stop", folder.Path, Partitions, limit, probe, parallelism: 3);
        var finishing = Jobs.Define("client-finish", Path.Combine(folder.Path, "finish"), Partitions, 500, new JobProbe(), parallelism: 3);
        await using var cluster = await StartClusterAsync();

        var client = await cluster.Client.SubmitCheckpointingJobAsync(job.Name);
        using var limitTime = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await client.GetLatestCheckpointIdAsync() < 2) await Task.Delay(20, limitTime.Token);
        var savepoint = await client.TriggerSavepointAsync(savepoints.Path).WaitAsync(TimeSpan.FromMinutes(1));
        var stoppedAt = await client.StopWithSavepointAsync(savepoints.Path).WaitAsync(TimeSpan.FromMinutes(1));
        var stopped = await client.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(Directory.Exists(savepoint));
        Assert.Equal(JobStatus.Stopped, stopped.Status);
        Assert.Equal(stoppedAt, stopped.SavepointPath);
        Assert.Equal(job.Name, stopped.JobName);
        Assert.True(job.System.Committed.Count < Partitions * limit, "the job was stopped only after it had delivered everything");

        var result = await (await cluster.Client.SubmitCheckpointingJobAsync(finishing.Name)).Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.True(result.LastCheckpointId >= 1);
        ExactlyOnce.Assert(finishing.System.Committed, Partitions, 500);
    }

    [Fact]
    public async Task A_cancelled_job_completes_cancelled_and_a_job_failing_past_its_restarts_faults_completion_with_its_failure()
    {
        using var folder = new TempDirectory();
        var running = Jobs.Define("client-cancel", folder.Path, Partitions, 1_000_000, new JobProbe { Pace = TimeSpan.FromMilliseconds(1) }, parallelism: 3);
        // Fails at every 50th record: more often than the restart strategy (5 restarts) allows.
        var failing = Jobs.Define("client-fail", Path.Combine(folder.Path, "fail"), Partitions, 1_000_000, new JobProbe([.. Enumerable.Range(1, 20).Select(i => i * 50L)]), parallelism: 3);
        await using var cluster = await StartClusterAsync();

        var cancelled = await cluster.Client.SubmitCheckpointingJobAsync(running.Name);
        await cancelled.CancelAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var result = await cancelled.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Cancelled, result.Status);

        var error = await Assert.ThrowsAsync<ClusterJobFailedException>(async () =>
            await (await cluster.Client.SubmitCheckpointingJobAsync(failing.Name)).Completion.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(failing.Name, error.JobName);
        Assert.Contains("injected failure", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TestCluster> StartClusterAsync()
    {
        var cluster = new TestClusterBuilder(3).AddSiloBuilderConfigurator<Jobs>().Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return cluster;
    }
}
