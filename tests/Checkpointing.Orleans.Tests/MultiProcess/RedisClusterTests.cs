using System.Reflection;
using Checkpointing.TestServers;
using ClusterSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Checkpointing.Orleans.Tests.MultiProcess;

/// <summary>
/// Three silo processes on loopback (the ClusterJob sample's silo mode) with a private Redis as their membership
/// table, and Orleans' own membership settings: one silo is killed with SIGKILL mid-run (not the job grain's: the
/// in-process tests kill that one). The job restarts on the two survivors, ends Finished, and its exactly-once file
/// sink holds every record once. Bounded: 3 minutes in all; it kills what it started, by PID.
/// </summary>
public sealed class RedisClusterTests
{
    private const string JobName = "cluster-job";
    private const int Partitions = 12;
    private const int Parallelism = 6;
    private const long Records = 2_500;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_job_across_three_silo_processes_survives_a_SIGKILL_with_every_record_committed_once()
    {
        using var limit = new CancellationTokenSource(Limit);
        var work = Directory.CreateTempSubdirectory("ckpt-cluster-test-").FullName;
        var silos = new List<SiloProcess>();
        var failed = false;
        try
        {
            await using var redis = await PrivateRedisServer.StartAsync().WaitAsync(limit.Token);
            var clusterId = $"test-{Guid.NewGuid():N}"[..13];
            for (var i = 1; i <= 3; i++)
                silos.Add(SiloProcess.Start(SiloCommand(), $"silo-{i}", redis.ConnectionString, clusterId, work, Partitions, Records, "--death-detection", "default"));
            await Task.WhenAll(silos.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)))).WaitAsync(limit.Token);

            using var client = BuildClient(redis.ConnectionString, clusterId);
            await client.StartAsync(limit.Token);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var job = await grains.SubmitCheckpointingJobAsync(JobName).WaitAsync(limit.Token);
            var output = Path.Combine(work, "output");
            await WaitForAsync(job, s => s.LatestCheckpointId >= 3 && Committed(output).Count > 0 && s.Workers.Count == 3, limit.Token);

            var coordinator = await job.GetCoordinatorSiloAsync().WaitAsync(limit.Token);
            var victim = silos.First(s => !s.Is(coordinator));
            var committedAtKill = Committed(output).Count;
            victim.Kill();
            Assert.True(victim.HasExited, $"{victim.Name} (pid {victim.ProcessId}) still runs after SIGKILL");

            // The job recovers by a restart, or — when Orleans deactivates the job grain as the dead silo's directory
            // entries are lost — by the job grain resuming on a survivor; either way from its latest complete checkpoint.
            var result = await job.Completion.WaitAsync(limit.Token);
            Assert.Equal(JobStatus.Finished, result.Status);
            Assert.True(committedAtKill < Partitions * Records, "the silo was killed only after the job had delivered everything");
            // Its last attempt ran on the two survivors, three subtasks each.
            var final = await job.GetStatusAsync().WaitAsync(limit.Token);
            Assert.Equal(2, final.Workers.Count);
            Assert.DoesNotContain(final.Workers, w => victim.Is(w.Silo));
            Assert.All(final.Workers, w => Assert.Equal(3, w.Subtasks));
            var committed = Committed(output);
            var distinct = committed.Distinct().Count();
            Assert.True(committed.Count == distinct, $"duplicated {committed.Count - distinct} record(s)");
            Assert.True(distinct == Partitions * Records, $"lost {Partitions * Records - distinct} record(s)");
            Assert.All(committed, r => Assert.True(r.Partition is >= 0 and < Partitions && r.Offset is >= 0 and < Records, $"unexpected record {r}"));
        }
        catch (Exception e) when (silos.Count > 0)
        {
            failed = true;
            // The silos' whole logs stay in the work folder for a look; the message has what the job's runtime said.
            throw new InvalidOperationException(
                $"{e.Message}\nThe silos' logs: {work}\n{string.Join("\n", silos.Select(s => $"--- {s.Name}:\n{RuntimeLines(s.Tail())}"))}", e);
        }
        finally
        {
            foreach (var silo in silos) silo.Dispose();
            if (!failed) DeleteFolder(work);
        }
    }

    private static string RuntimeLines(string log) =>
        string.Join('\n', log.Split('\n').Where(l => l.Contains(": Checkpointing", StringComparison.Ordinal)).TakeLast(30).Select(l => l.Length > 300 ? l[..300] : l));

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system eventually.
        }
    }

    /// <summary>The built sample's silo mode, run with the same dotnet host as the sample tests do.</summary>
    private static string[] SiloCommand()
    {
        var configuration = typeof(RedisClusterTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Generators.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", "ClusterJob", "bin", configuration, "net10.0", "ClusterJob.dll");
        Assert.True(File.Exists(dll), $"the ClusterJob sample was not built: {dll}");
        return ["dotnet", "exec", dll];
    }

    private static IHost BuildClient(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "checkpointing-cluster-sample"; }));
        return builder.Build();
    }

    private static async Task<ClusterJobStatus> WaitForAsync(ClusterJobClient job, Func<ClusterJobStatus, bool> condition, CancellationToken token)
    {
        while (true)
        {
            var status = await job.GetStatusAsync().WaitAsync(token);
            if (status.State == ClusterJobState.Running && condition(status)) return status;
            Assert.True(status.State != ClusterJobState.Ended, $"the job ended before the test could go on: {status}");
            await Task.Delay(100, token);
        }
    }

    private static List<(int Partition, long Offset)> Committed(string output) =>
        [.. ExactlyOnceFileSink<string>.CommittedFiles(output).SelectMany(File.ReadLines).Select(line => line.Split(','))
            .Select(parts => (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)))];
}
