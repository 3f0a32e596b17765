using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Checkpointing.Package.Tests.Hosting;

/// <summary>AddCheckpointingJob: the job starts and stops with the host, with a savepoint on the way out and a restore on the way in.</summary>
public sealed class HostedJobTests : IDisposable
{
    // Guards against a hang only; no assertion depends on how long anything takes.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);
    private readonly string work = Path.Combine(Path.GetTempPath(), "checkpointing-hosting-" + Guid.NewGuid().ToString("N"));

    private string Savepoints => Path.Combine(work, "savepoints");

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Host_stop_stops_the_job_with_a_savepoint()
    {
        using var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>()));
        var job = Job(host);
        await host.StartAsync();
        await host.StopAsync();

        var result = await job.Completion.WaitAsync(Hang);
        Assert.Equal(JobStatus.Stopped, result.Status);
        Assert.NotNull(job.ShutdownSavepoint);
        Assert.Equal(job.ShutdownSavepoint, result.SavepointPath);
        Assert.StartsWith(Path.GetFullPath(Savepoints), job.ShutdownSavepoint);
        Assert.True(Directory.Exists(job.ShutdownSavepoint));
    }

    [Fact]
    public async Task Without_a_shutdown_savepoint_the_job_is_cancelled()
    {
        using var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>()),
            o => o.StopWithSavepointOnShutdown = false);
        var job = Job(host);
        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(JobStatus.Cancelled, (await job.Completion.WaitAsync(Hang)).Status);
        Assert.Null(job.ShutdownSavepoint);
        Assert.False(Directory.Exists(Savepoints));
    }

    [Fact]
    public async Task Next_start_restores_the_shutdown_savepoint_and_continues_from_its_offset()
    {
        var first = new FirstValues();
        string savepoint;
        using (var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(first.NewSink)))
        {
            var job = Job(host);
            await host.StartAsync();
            // Stop only once a record went through, so the savepoint's offset is past 0.
            await WaitUntil(() => first.Values.Count > 0);
            await host.StopAsync();
            savepoint = job.ShutdownSavepoint!;
        }

        var second = new FirstValues();
        using (var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(second.NewSink)))
        {
            var job = Job(host);
            await host.StartAsync();
            Assert.Equal(savepoint, job.RestoredFrom);
            await host.StopAsync();
            Assert.Equal(JobStatus.Stopped, (await job.Completion.WaitAsync(Hang)).Status);
        }
        // The first run started at 0; the second at the savepoint's offset, not at 0 again (it may have emitted nothing).
        Assert.Equal([0L], first.Values);
        Assert.DoesNotContain(0L, second.Values);
    }

    [Fact]
    public async Task Restore_on_start_can_be_turned_off()
    {
        using (var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>())))
        {
            await host.StartAsync();
            await host.StopAsync();
        }
        using (var host = Build(env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>()), o => o.RestoreOnStart = false))
        {
            var job = Job(host);
            await host.StartAsync();
            Assert.Null(job.RestoredFrom);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_finished_job_stops_the_host()
    {
        using var host = Build(env => env.AddSource(() => new Counter(limit: 1_000)).Uid("counter").AddSink(() => new DiscardingSink<long>()));
        var job = Job(host);
        await host.RunAsync().WaitAsync(Hang);

        var result = await job.Completion;
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Null(job.ShutdownSavepoint);
    }

    [Fact]
    public async Task A_job_that_fails_beyond_its_restart_strategy_faults_and_stops_the_host()
    {
        using var host = Build(env =>
        {
            env.RestartStrategy = RestartStrategy.NoRestart;
            env.AddSource(() => new Counter(fail: true)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        });
        var job = Job(host);
        await host.RunAsync().WaitAsync(Hang);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job.Completion);
        Assert.Equal("this source always fails", error.Message);
    }

    [Fact]
    public async Task Each_job_is_its_own_hosted_service()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCheckpointingJob("a", env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>()), o => o.SavepointDirectory = Savepoints);
        builder.Services.AddCheckpointingJob("b", env => env.AddSource(() => new Counter()).Uid("counter").AddSink(() => new DiscardingSink<long>()), o => o.SavepointDirectory = Savepoints);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();

        var a = host.Services.GetRequiredKeyedService<CheckpointingJobService>("a");
        var b = host.Services.GetRequiredKeyedService<CheckpointingJobService>("b");
        Assert.Contains("savepoint-a-", a.ShutdownSavepoint);
        Assert.Contains("savepoint-b-", b.ShutdownSavepoint);
        Assert.Equal(2, host.Services.GetServices<IHostedService>().OfType<CheckpointingJobService>().Count());
    }

    private IHost Build(Action<StreamExecutionEnvironment> configure, Action<CheckpointingJobOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCheckpointingJob("hosted", configure, o =>
        {
            o.SavepointDirectory = Savepoints;
            options?.Invoke(o);
        });
        return builder.Build();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var hang = new CancellationTokenSource(Hang);
        while (!condition()) await Task.Delay(10, hang.Token);
    }

    private static CheckpointingJobService Job(IHost host) => host.Services.GetRequiredKeyedService<CheckpointingJobService>("hosted");
}
