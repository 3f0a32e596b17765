using System.Globalization;
using System.Reflection;
using Checkpointing.Orleans.Benchmarks;
using Checkpointing.TestServers;

// The cluster benchmark: the ClusterJob sample's job on 1, 2 and 3 silo processes of this machine, with a private
// redis-server as their membership table. Multi-process phases of seconds fit BenchmarkDotNet's iterations poorly,
// so this is a console harness: each cluster size is started, measured and killed in turn, and one markdown table is
// printed at the end. Usage (from the repository root; needs redis-server, see eng/ci/install-redis.sh):
//   dotnet run -c Release --project benchmarks/Checkpointing.Orleans.Benchmarks                 1, 2 and 3 silos, real figures
//   dotnet run -c Release --project benchmarks/Checkpointing.Orleans.Benchmarks -- --dry        1 and 2 silos, a 2 s window (a check)
//   ... -- --silos 1,3 --pace-ms 5                                                              other sizes, the sample's own pace
var arguments = args.ToList();
var dry = arguments.Remove("--dry");
var siloCounts = Option("--silos")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var paceMs = int.Parse(Option("--pace-ms") ?? "0", CultureInfo.InvariantCulture);
if (arguments.Count > 0)
{
    Console.Error.WriteLine($"Unknown arguments: {string.Join(' ', arguments)}. Options: --dry, --silos 1,2,3, --pace-ms N.");
    return 2;
}
var settings = dry ? Settings.Dry(paceMs) with { SiloCounts = siloCounts ?? [1, 2] } : Settings.Real(siloCounts, paceMs);

Scenario? current = null;
Console.CancelKeyPress += (_, _) => current?.Stop();
AppDomain.CurrentDomain.ProcessExit += (_, _) => current?.Stop();
var results = new List<ScenarioResult>();
await using (var redis = await PrivateRedisServer.StartAsync())
{
    Console.Error.WriteLine($"redis-server on {redis.ConnectionString} (pid {redis.ProcessId})");
    foreach (var count in settings.SiloCounts)
    {
        current = new Scenario(count, settings, redis.ConnectionString, SiloCommand());
        try
        {
            results.Add(await current.RunAsync());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"FAIL: {e.Message}");
            return 1;
        }
    }
}
Console.WriteLine(Report.Markdown(results, settings));
return 0;

string? Option(string name)
{
    var at = arguments.IndexOf(name);
    if (at < 0 || at + 1 >= arguments.Count) return null;
    var value = arguments[at + 1];
    arguments.RemoveRange(at, 2);
    return value;
}

// The sample's own build output, in this build's configuration (built first: it is a project reference).
static string[] SiloCommand()
{
    var configuration = typeof(Scenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
    var root = new DirectoryInfo(AppContext.BaseDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "Generators.sln"))) root = root.Parent;
    var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Not run from within the repository."), "samples", "ClusterJob", "bin", configuration, "net10.0", "ClusterJob.dll");
    return File.Exists(dll) ? ["dotnet", "exec", dll] : throw new InvalidOperationException($"The ClusterJob sample was not built: {dll}");
}
