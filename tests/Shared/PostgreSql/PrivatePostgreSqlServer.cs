using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Checkpointing.PostgreSql.Testing;

/// <summary>
/// A private PostgreSQL server for tests, samples and benchmarks: <c>initdb</c> into a temporary folder, started on a
/// free loopback port with its socket in that folder, stopped (only the postmaster it started) and deleted on
/// dispose. Run as root, the server's programs run as the <c>postgres</c> user, since PostgreSQL refuses root.
/// Every wait is bounded. The one copy of this code: linked into each project that needs a server.
/// </summary>
public sealed class PrivatePostgreSqlServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string binDirectory;
    private readonly string root;
    private readonly string dataDirectory;
    private int postmasterPid;

    private PrivatePostgreSqlServer(string binDirectory, string root, int port)
    {
        this.binDirectory = binDirectory;
        this.root = root;
        dataDirectory = Path.Combine(root, "data");
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for the superuser <c>postgres</c> (trust authentication) and database <c>postgres</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=60");

    /// <summary>
    /// Creates and starts a server. <paramref name="maxPreparedTransactions"/> is the server's
    /// <c>max_prepared_transactions</c> (two-phase commit needs it above 0).
    /// </summary>
    public static async Task<PrivatePostgreSqlServer> StartAsync(int maxPreparedTransactions = 20)
    {
        var bin = FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "ckpt-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var server = new PrivatePostgreSqlServer(bin, root, FreeLoopbackPort());
        try
        {
            if (RunningAsRoot) await RunAsync("chown", ["-R", "postgres:postgres", root]).ConfigureAwait(false);
            await server.RunToolAsync("initdb", ["-D", server.dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]).ConfigureAwait(false);
            await server.StartServerAsync(maxPreparedTransactions).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Restarts the server with another <c>max_prepared_transactions</c>; open connections are dropped.</summary>
    public async Task RestartAsync(int maxPreparedTransactions)
    {
        await StopServerAsync().ConfigureAwait(false);
        await StartServerAsync(maxPreparedTransactions).ConfigureAwait(false);
    }

    private async Task StartServerAsync(int maxPreparedTransactions)
    {
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -p {Port} -k {root} -c max_prepared_transactions={maxPreparedTransactions} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await RunToolAsync("pg_ctl", ["-D", dataDirectory, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"]).ConfigureAwait(false);
        // The first line of postmaster.pid is the PID of the postmaster this call started: the only process stop may signal.
        postmasterPid = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    private async Task StopServerAsync()
    {
        if (postmasterPid == 0) return;
        try
        {
            await RunToolAsync("pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // pg_ctl could not stop it: end the postmaster this instance started, and nothing else.
            try
            {
                using var process = Process.GetProcessById(postmasterPid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        postmasterPid = 0;
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopServerAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system eventually.
        }
    }

    /// <summary>The server's log so far, for failure messages.</summary>
    public string Log()
    {
        var path = Path.Combine(root, "server.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static bool RunningAsRoot => System.Environment.UserName == "root";

    private Task RunToolAsync(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(binDirectory, tool);
        return RunningAsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {CommandTimeout}.");
        }
        // pg_ctl start leaves the postmaster holding the pipes: read what is there without waiting for their end.
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await ReadSoonAsync(stdout)}{await ReadSoonAsync(stderr)}");
    }

    private static async Task<string> ReadSoonAsync(Task<string> read) =>
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false) == read ? await read.ConfigureAwait(false) : "";

    // Installs PostgreSQL's programs with eng/ci/install-postgres.sh the first time they are missing.
    private static string FindBinDirectory()
    {
        try
        {
            return FindInstalledBinDirectory();
        }
        catch (InvalidOperationException) when (Checkpointing.TestServers.InstallScripts.Run("install-postgres.sh"))
        {
            return FindInstalledBinDirectory();
        }
    }

    private static string FindInstalledBinDirectory()
    {
        const string Installed = "/usr/lib/postgresql";
        var found = Directory.Exists(Installed)
            ? Directory.GetDirectories(Installed).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), CultureInfo.InvariantCulture, out var v) ? v : 0).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"No PostgreSQL server programs found under {Installed}/<version>/bin (initdb, pg_ctl). Install them with eng/ci/install-postgres.sh (Debian's postgresql package).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
