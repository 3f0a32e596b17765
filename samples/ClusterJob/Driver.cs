using System.Diagnostics;
using Checkpointing.Orleans;
using Checkpointing.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ClusterSample;

/// <summary>
/// The sample's story: three silo processes, a job across them, one silo SIGKILLed, recovery on two, a new silo,
/// a rescale back onto three, the end, and the proof. Every child process is killed by its PID on every way out
/// (an exception, Ctrl+C, the end); a silo also ends by itself when this process is gone.
/// </summary>
public static class Driver
{
    public const int DefaultPartitions = 12;
    public const long DefaultRecords = 4_000;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = Arguments.Parse(args, "driver");
        var partitions = options.Int("--partitions", DefaultPartitions);
        var records = options.Long("--records", DefaultRecords);
        var work = Path.GetFullPath(options.Optional("--work") ?? Path.Combine(Path.GetTempPath(), "checkpointing-cluster-sample"));
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var givenRedis = options.Optional("--redis") ?? Environment.GetEnvironmentVariable("CHECKPOINTING_REDIS");

        using var silos = new Silos(work, partitions, records);
        Console.CancelKeyPress += (_, _) => silos.Dispose();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => silos.Dispose();
        try
        {
            await using var privateRedis = givenRedis is null ? await PrivateRedisServer.StartAsync() : null;
            var redis = givenRedis ?? privateRedis!.ConnectionString;
            Say(privateRedis is null ? $"Redis: {redis} (given)" : $"Redis: a private redis-server on {redis} (pid {privateRedis.ProcessId}), no persistence");
            // A cluster id of its own, so a shared Redis may hold other clusters (or earlier runs) without mixing them in.
            silos.Connect(redis, $"sample-{Guid.NewGuid():N}"[..15]);
            return await RunStoryAsync(silos, work, partitions, records);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.WriteLine($"FAIL: {e.GetType().Name}: {e.Message}");
            foreach (var silo in silos.All) Console.WriteLine($"--- last output of {silo.Name} ({silo.LogPath}):\n{Last(silo.Tail(), 15)}");
            return 1;
        }
    }

    private static async Task<int> RunStoryAsync(Silos silos, string work, int partitions, long records)
    {
        await Task.WhenAll(Enumerable.Range(1, 3).Select(_ => silos.StartAsync()));
        Say($"Cluster up: {string.Join(", ", silos.Running.Select(s => $"{s.Name} (pid {s.ProcessId}, 127.0.0.1:{s.SiloPort})"))}");

        using var clientHost = BuildClient(silos.Redis!, silos.ClusterId!);
        await clientHost.StartAsync().WaitAsync(PhaseTimeout);
        var grains = clientHost.Services.GetRequiredService<IClusterClient>();
        var job = await grains.SubmitCheckpointingJobAsync(ClusterSetup.JobName).WaitAsync(PhaseTimeout);
        var coordinator = await job.GetCoordinatorSiloAsync();
        Say($"Submitted '{ClusterSetup.JobName}': {partitions} partitions x {records} records, parallelism {ClusterSetup.Parallelism}, " +
            $"a checkpoint every {ClusterSetup.CheckpointInterval.TotalMilliseconds:F0} ms; its job grain runs on {silos.NameOf(coordinator)}");

        var output = ClusterSetup.OutputFolder(work);
        var running = await WaitForAsync(job, "three checkpoints", s => s.LatestCheckpointId >= 3 && Verification.CommittedCount(output) > 0);
        Say($"Running: checkpoint {running.LatestCheckpointId} complete, {Verification.CommittedCount(output)} records committed; placement {silos.Describe(running.Workers)}");

        // The victim runs subtasks but not the job grain (the in-process tests cover the job grain's own silo dying).
        var victim = silos.Running.First(s => !s.Is(coordinator) && running.Workers.Any(w => s.Is(w.Silo)));
        var killedAt = Clock.Elapsed;
        victim.Kill();
        Say($"KILL {victim.Name} (pid {victim.ProcessId}) with SIGKILL, after checkpoint {running.LatestCheckpointId}");

        // Recovery is a restart of the job's attempt, or — when Orleans deactivates the job grain as the dead silo's
        // directory entries are lost — the job grain resuming on a survivor; either way from the latest complete
        // checkpoint, and either way a new attempt placed on the survivors only.
        var moved = await WaitForAsync(job, "a placement on the two survivors",
            s => Deployed(s) && s.Workers.Count == 2 && !s.Workers.Any(w => victim.Is(w.Silo)));
        var recovered = await WaitForAsync(job, "a checkpoint on the two survivors", s => s.LatestCheckpointId > moved.LatestCheckpointId && s.Workers.Count == 2);
        var grainNow = await job.GetCoordinatorSiloAsync();
        Say($"Recovered {(Clock.Elapsed - killedAt).TotalSeconds:F1} s after the kill: placement {silos.Describe(recovered.Workers)}, " +
            $"checkpoint {recovered.LatestCheckpointId} complete on the survivors; " +
            (grainNow == coordinator ? $"restart {recovered.Restarts} of the job grain on {silos.NameOf(coordinator)}" : $"the job grain resumed on {silos.NameOf(grainNow)}"));

        var joined = await silos.StartAsync();
        await WaitForActiveSilosAsync(grains, 3);
        Say($"{joined.Name} (pid {joined.ProcessId}, 127.0.0.1:{joined.SiloPort}) joined the cluster");
        var rescaled = await RescaleOntoAsync(job, silos, 3, Path.Combine(work, "savepoints"));
        Say($"Rescaled through savepoint {Path.GetFileName(rescaled.Savepoint)}: placement {silos.Describe(rescaled.Status.Workers)}");

        var result = await job.Completion.WaitAsync(TimeSpan.FromMinutes(3));
        var final = await job.GetStatusAsync();
        Say($"Job {result.Status}: {result.Restarts} restart(s) in its last run, last checkpoint {result.LastCheckpointId}, placement {silos.Describe(final.Workers)}");

        var verified = Verification.Check(output, partitions, records);
        Console.WriteLine(verified.Line(records));
        return verified.Ok(records) ? 0 : 1;
    }

    /// <summary>
    /// Rescales the job onto every active silo. The job grain places an attempt on the silos its own membership view
    /// holds as active; a silo that joined a moment ago may not be in it yet, so a rescale that placed on fewer silos is
    /// asked for again (bounded).
    /// </summary>
    private static async Task<(string Savepoint, ClusterJobStatus Status)> RescaleOntoAsync(ClusterJobClient job, Silos silos, int expected, string savepoints)
    {
        for (var attempt = 1; ; attempt++)
        {
            var savepoint = await job.RescaleAsync(ClusterSetup.Parallelism, savepoints).WaitAsync(PhaseTimeout);
            var status = await WaitForAsync(job, "the rescaled job to run", Deployed);
            if (status.Workers.Count == expected || attempt == 3) return (savepoint, status);
            Say($"  the rescale placed on {silos.Describe(status.Workers)} only; the job grain had not seen the new silo yet: rescaling again");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Every subtask of the current attempt deployed (the status lists a worker once its deploy returned).</summary>
    private static bool Deployed(ClusterJobStatus status) => status.Workers.Sum(w => w.Subtasks) == ClusterSetup.Parallelism;

    private static async Task WaitForActiveSilosAsync(IClusterClient grains, int count)
    {
        using var limit = new CancellationTokenSource(PhaseTimeout);
        var management = grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true).WaitAsync(limit.Token)).Count < count) await Task.Delay(200, limit.Token);
    }

    /// <summary>Polls the job grain until <paramref name="condition"/> holds; a job that ended first fails the sample (give it more records).</summary>
    private static async Task<ClusterJobStatus> WaitForAsync(ClusterJobClient job, string what, Func<ClusterJobStatus, bool> condition)
    {
        using var limit = new CancellationTokenSource(PhaseTimeout);
        try
        {
            while (true)
            {
                var status = await job.GetStatusAsync().WaitAsync(limit.Token);
                if (status.State == ClusterJobState.Running && condition(status)) return status;
                if (status.State == ClusterJobState.Ended)
                    throw new InvalidOperationException($"The job ended ({status.Ended?.ToString() ?? status.Failure}) while the sample waited for {what}; run it with more --records.");
                await Task.Delay(100, limit.Token);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {PhaseTimeout.TotalSeconds:F0} s for {what}; the job's status: {await job.GetStatusAsync()}");
        }
    }

    private static IHost BuildClient(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        // The client's own logs would only repeat the connection errors of the killed silo's gateway.
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ClusterSetup.ServiceId; }));
        return builder.Build();
    }

    private static void Say(string line) => Console.WriteLine($"[{Clock.Elapsed.TotalSeconds,6:F1} s] {line}");

    private static string Last(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    /// <summary>The silo processes of the run: started, named, described, and killed on every way out.</summary>
    private sealed class Silos(string work, int partitions, long records) : IDisposable
    {
        private readonly List<SiloProcess> all = [];
        private readonly IReadOnlyList<string> program = SiloProcess.ThisProgram();

        public string? Redis { get; private set; }
        public string? ClusterId { get; private set; }

        public IReadOnlyList<SiloProcess> All
        {
            get
            {
                lock (all) return [.. all];
            }
        }

        public IEnumerable<SiloProcess> Running => All.Where(s => !s.HasExited);

        public void Connect(string redis, string clusterId) => (Redis, ClusterId) = (redis, clusterId);

        public async Task<SiloProcess> StartAsync()
        {
            SiloProcess silo;
            lock (all)
            {
                silo = SiloProcess.Start(program, $"silo-{all.Count + 1}", Redis!, ClusterId!, work, partitions, records);
                all.Add(silo);
            }
            // What the job's control says on the silos: placements, lost silos, restores.
            silo.Line += (s, line) =>
            {
                if (Shown(line)) Console.WriteLine($"         {s.Name} | {(line.Length > 240 ? line[..240] + " …" : line)}");
            };
            await silo.WaitUntilReadyAsync(PhaseTimeout);
            return silo;
        }

        // A console line is "time level: Category[event] message": the cluster runtime's own events, and failures of the
        // job; Orleans' connection errors after the kill stay in the silos' log files.
        private static bool Shown(string line)
        {
            var category = line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? line[(colon + 2)..] : "";
            return category.StartsWith("Checkpointing.Orleans", StringComparison.Ordinal)
                || (category.StartsWith("Checkpointing", StringComparison.Ordinal) && (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal)));
        }

        public string NameOf(string siloAddress) => All.FirstOrDefault(s => s.Is(siloAddress))?.Name ?? siloAddress;

        public string Describe(IReadOnlyList<WorkerPlacement> placement) =>
            string.Join(", ", placement.OrderBy(w => NameOf(w.Silo), StringComparer.Ordinal).Select(w => $"{NameOf(w.Silo)} {w.Subtasks} subtasks"));

        public void Dispose()
        {
            foreach (var silo in All) silo.Dispose();
        }
    }
}
