using System.Diagnostics;
using System.Globalization;
using ClusterSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Checkpointing.Orleans.Benchmarks;

/// <summary>
/// One cluster size, measured in four phases on the same running job: steady state (checkpoint durations from the
/// coordinator's 2002 lines, records/s from the committed output), a rescale through a savepoint (the bytes of state
/// each worker was restored from, 8006), and — with two silos or more — a SIGKILL of a silo that runs subtasks but
/// not the job grain (recovery: from the kill to the first record a new attempt emits). Every silo is killed by its
/// PID when the scenario ends, however it ends.
/// </summary>
public sealed class Scenario(int siloCount, Settings settings, string redis, IReadOnlyList<string> siloCommand)
{
    private readonly SiloLog log = new();
    private readonly List<SiloProcess> silos = [];

    public async Task<ScenarioResult> RunAsync()
    {
        var work = Directory.CreateTempSubdirectory($"ckpt-cluster-bench-{siloCount}-").FullName;
        var clusterId = $"bench-{Guid.NewGuid():N}"[..14];
        try
        {
            Console.Error.WriteLine($"[{siloCount} silo(s)] starting; work folder {work}");
            for (var i = 1; i <= siloCount; i++)
            {
                var silo = SiloProcess.Start(siloCommand, $"silo-{i}", redis, clusterId, work, settings.Partitions, settings.Records,
                    "--pace-ms", settings.PaceMs.ToString(CultureInfo.InvariantCulture));
                silo.Line += (s, line) => log.Add(s.Name, line);
                lock (silos) silos.Add(silo);
            }
            await Task.WhenAll(silos.Select(s => s.WaitUntilReadyAsync(Settings.PhaseTimeout)));

            using var client = BuildClient(redis, clusterId);
            await client.StartAsync().WaitAsync(Settings.PhaseTimeout);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var job = await grains.SubmitCheckpointingJobAsync(ClusterSetup.JobName).WaitAsync(Settings.PhaseTimeout);
            var output = ClusterSetup.OutputFolder(work);
            var placed = await WaitForStatusAsync(job, $"a placement on {siloCount} silo(s) and three checkpoints",
                s => Deployed(s) && s.Workers.Count == siloCount && s.LatestCheckpointId >= 3);

            var steady = await MeasureSteadyStateAsync(output);
            var rescale = await RescaleAsync(job, work);
            var recovery = siloCount >= 2 ? await KillOneAsync(job) : null;
            return new ScenarioResult(siloCount, placed.Workers.Count, steady, rescale, recovery);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"{siloCount} silo(s): {e.Message}\n{string.Join("\n", All().Select(s => $"--- {s.Name} ({s.LogPath}):\n{RuntimeLines(s.Tail())}"))}", e);
        }
        finally
        {
            Stop();
            // The committed output of a flat-out source is large; the logs are kept only on failure (above, in the message).
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a silo that is just exiting: the temp folder is cleaned by the system eventually.
            }
        }
    }

    /// <summary>Kills every silo of this scenario that still runs, by its PID (also what Ctrl+C and the process' exit do).</summary>
    public void Stop()
    {
        foreach (var silo in All()) silo.Dispose();
    }

    private SiloProcess[] All()
    {
        lock (silos) return [.. silos];
    }

    private async Task<SteadyState> MeasureSteadyStateAsync(string output)
    {
        await Task.Delay(settings.Warmup);
        var mark = log.Mark();
        var (count0, at0) = (Verification.CommittedCount(output), Stopwatch.GetTimestamp());
        await Task.Delay(settings.Window);
        var (count1, at1) = (Verification.CommittedCount(output), Stopwatch.GetTimestamp());
        var durations = LogEvents.Checkpoints(log.Since(mark)).Select(c => c.Milliseconds).ToList();
        if (durations.Count == 0) throw new InvalidOperationException($"No checkpoint completed in the {settings.Window.TotalSeconds:F0} s window.");
        var seconds = Stopwatch.GetElapsedTime(at0, at1).TotalSeconds;
        return new SteadyState(durations, (count1 - count0) / seconds);
    }

    /// <summary>A rescale at the same parallelism onto the same silos: each worker restores its share of the savepoint.</summary>
    private async Task<Rescale> RescaleAsync(ClusterJobClient job, string work)
    {
        var mark = log.Mark();
        var savepoint = await job.RescaleAsync(ClusterSetup.Parallelism, Path.Combine(work, "savepoints")).WaitAsync(Settings.PhaseTimeout);
        await WaitForStatusAsync(job, "the rescaled job to run", Deployed);
        // The job grain logs each worker's deploy as it returns: one 8006 line per worker of the new attempt.
        var deployed = LogEvents.Deployments(await log.WaitForAsync(mark, $"{siloCount} worker deployment(s) after the rescale", Settings.PhaseTimeout,
            entries => LogEvents.Deployments(entries).Count >= siloCount));
        var savepointBytes = Directory.EnumerateFiles(savepoint, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new Rescale([.. deployed.Take(siloCount).Select(d => d.StateBytes)], savepointBytes);
    }

    private async Task<Recovery> KillOneAsync(ClusterJobClient job)
    {
        // A checkpoint on the rescaled attempt first, so the restore after the kill has a recent one to start from.
        var rescaled = await job.GetStatusAsync().WaitAsync(Settings.PhaseTimeout);
        await WaitForStatusAsync(job, "a checkpoint after the rescale", s => s.LatestCheckpointId > rescaled.LatestCheckpointId);
        var coordinator = await job.GetCoordinatorSiloAsync().WaitAsync(Settings.PhaseTimeout);
        var status = await job.GetStatusAsync().WaitAsync(Settings.PhaseTimeout);
        var victim = All().First(s => !s.Is(coordinator) && status.Workers.Any(w => s.Is(w.Silo)));

        var mark = log.Mark();
        var generation = LogEvents.Deployments(log.Since(0)).Last().Generation;
        var killedAt = log.Now;
        victim.Kill();
        Console.Error.WriteLine($"[{siloCount} silo(s)] SIGKILL {victim.Name} (pid {victim.ProcessId})");
        // Only a new attempt's subtasks print the first-record line now: the old ones printed theirs when they started.
        var untilFirst = await log.WaitForAsync(mark, "the first record after the kill", Settings.PhaseTimeout, entries => entries.Any(LogEvents.IsFirstRecord));
        var firstRecord = untilFirst.First(LogEvents.IsFirstRecord).At;
        var before = untilFirst.Where(e => e.At <= firstRecord).ToList();
        // Either the job grain restarted the attempt on the survivors, or — when the killed silo held the job grain's
        // directory entry — a new activation of the job grain resumed the job from its latest checkpoint.
        var resumed = LogEvents.Deployments(before).Any(d => d.Generation > generation);
        var restarts = before.Count(LogEvents.IsRestart);
        var checkpoint = LogEvents.Checkpoints(await log.WaitForAsync(mark, "a checkpoint after the recovery", Settings.PhaseTimeout,
            entries => LogEvents.Checkpoints(entries).Any(c => c.At > firstRecord))).First(c => c.At > firstRecord).At;
        return new Recovery(firstRecord - killedAt, checkpoint - killedAt, restarts, resumed);
    }

    private static bool Deployed(ClusterJobStatus status) => status.Workers.Sum(w => w.Subtasks) == ClusterSetup.Parallelism;

    private static async Task<ClusterJobStatus> WaitForStatusAsync(ClusterJobClient job, string what, Func<ClusterJobStatus, bool> condition)
    {
        using var limit = new CancellationTokenSource(Settings.PhaseTimeout);
        try
        {
            while (true)
            {
                var status = await job.GetStatusAsync().WaitAsync(limit.Token);
                if (status.State == ClusterJobState.Running && condition(status)) return status;
                if (status.State == ClusterJobState.Ended) throw new InvalidOperationException($"The job ended while waiting for {what}: {status}");
                await Task.Delay(100, limit.Token);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {Settings.PhaseTimeout.TotalSeconds:F0} s for {what}.");
        }
    }

    private static IHost BuildClient(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ClusterSetup.ServiceId; }));
        return builder.Build();
    }

    private static string RuntimeLines(string tail) =>
        string.Join('\n', tail.Split('\n').Where(l => l.Contains(": Checkpointing", StringComparison.Ordinal)).TakeLast(20).Select(l => l.Length > 300 ? l[..300] : l));
}
