using System.Diagnostics;
using System.Net;
using Checkpointing.Orleans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ClusterSample;

/// <summary>
/// The <c>silo</c> mode: one Orleans silo on loopback ports, Redis as its membership table, with the sample's job
/// registered (every silo of a cluster registers the same jobs). What one machine of a real deployment runs.
/// </summary>
public static class SiloHost
{
    public static async Task<int> RunAsync(Options options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        // The job's control and workers say what they do (placement, lost silos, restores); Orleans only its warnings.
        builder.Logging.AddFilter("Checkpointing", LogLevel.Information).AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseRedisClustering(options.Redis)
            .Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = ClusterSetup.ServiceId; })
            .ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort)
            .Configure<ClusterMembershipOptions>(o => { if (options.FastDeathDetection) ClusterSetup.FastDeathDetection(o); })
            .AddCheckpointingJob(ClusterSetup.JobName, () => ClusterSetup.Define(options.Work, options.Partitions, options.Records, options.Pace)));
        using var host = builder.Build();
        using var stop = new CancellationTokenSource();
        // A silo whose driver is gone (killed, say) has nobody to stop it: it ends by itself.
        _ = WatchParentAsync(options.Parent, stop);
        await host.StartAsync(stop.Token);
        Console.WriteLine($"{SiloProcess.ReadyLine} {options.Name} 127.0.0.1:{options.SiloPort}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(shutdown.Token);
        return 0;
    }

    private static async Task WatchParentAsync(int parent, CancellationTokenSource stop)
    {
        if (parent <= 0) return;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var process = Process.GetProcessById(parent);
                if (process.HasExited) break;
            }
            catch (ArgumentException)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await stop.CancelAsync();
    }

    /// <summary>
    /// The silo's command line: <c>silo --redis HOST:PORT --cluster-id ID --port N --gateway N --work DIR --name NAME
    /// [--parent PID] [--partitions N] [--records N] [--death-detection fast|default] [--pace-ms N]</c>. <c>fast</c> (the
    /// default here) is <see cref="ClusterSetup.FastDeathDetection"/>; <c>default</c> keeps Orleans' own membership
    /// settings. <c>--pace-ms</c> is the source's pause between rounds of records (<see cref="ClusterSetup.Pace"/> unless given).
    /// </summary>
    public sealed record Options(string Redis, string ClusterId, int SiloPort, int GatewayPort, string Work, string Name, int Parent, int Partitions, long Records, bool FastDeathDetection, TimeSpan Pace)
    {
        public static Options Parse(IReadOnlyList<string> args)
        {
            var values = Arguments.Parse(args, "silo");
            return new Options(
                values.Required("--redis"), values.Required("--cluster-id"), values.Int("--port"), values.Int("--gateway"),
                values.Required("--work"), values.Required("--name"), values.Int("--parent", 0), values.Int("--partitions", Driver.DefaultPartitions),
                values.Long("--records", Driver.DefaultRecords), (values.Optional("--death-detection") ?? "fast") switch
                {
                    "fast" => true,
                    "default" => false,
                    var other => throw new ArgumentException($"ClusterJob silo: --death-detection must be 'fast' or 'default', not '{other}'."),
                }, values.Milliseconds("--pace-ms", ClusterSetup.Pace));
        }
    }
}
