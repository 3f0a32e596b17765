using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Checkpointing.S3.Testing;

/// <summary>
/// A private s3rver (an S3-compatible server on Node.js) on a free loopback port with its data in a fresh temporary
/// folder, for tests, benchmarks and the CounterSource sample. It runs the copy that <c>eng/ci/install-s3rver.sh</c>
/// installs into <c>eng/s3rver/node_modules</c> directly with <c>node</c> (no npx), so the process started is the
/// server itself, and <see cref="Dispose"/> stops exactly that process and deletes exactly that folder.
/// </summary>
public sealed class S3rverServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly string dataDirectory;

    private S3rverServer(Process process, string dataDirectory, int port)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    /// <summary>The endpoint to give the S3 client, e.g. http://127.0.0.1:40123.</summary>
    public string ServiceUrl { get; }

    /// <summary>Process id of the server (what <see cref="Dispose"/> stops).</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts a server with <paramref name="buckets"/> created, and returns once it answers HTTP.</summary>
    public static S3rverServer Start(params string[] buckets)
    {
        var script = FindScript();
        // A port taken between probing and binding makes the server exit at once: try a few fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var data = Directory.CreateTempSubdirectory("s3rver-").FullName;
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { script, "-d", data, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
                start.ArgumentList.Add(argument);
            foreach (var bucket in buckets)
            {
                start.ArgumentList.Add("--configure-bucket");
                start.ArgumentList.Add(bucket);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for s3rver.");
            var errors = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var server = new S3rverServer(process, data, port);
            if (server.WaitUntilAnswering()) return server;
            server.Dispose();
            string stderr;
            lock (errors) stderr = errors.ToString().Trim();
            if (attempt == 3) throw new InvalidOperationException($"s3rver did not answer on port {port} within {StartTimeout.TotalSeconds:F0} s: {stderr}");
        }
    }

    /// <summary>Stops the server this instance started and deletes its data folder.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        process.Dispose();
        try { Directory.Delete(dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private bool WaitUntilAnswering()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited) return false;
            try
            {
                // Any HTTP answer (s3rver says 403 to an unsigned request) means it is listening.
                using var response = http.GetAsync(ServiceUrl).GetAwaiter().GetResult();
                return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        return false;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>eng/s3rver/node_modules/s3rver/bin/s3rver.js of the repository this program was built from.</summary>
    private static string FindScript() => TryFindScript() ?? (Checkpointing.TestServers.InstallScripts.Run("install-s3rver.sh") ? TryFindScript() : null)
        ?? throw new InvalidOperationException($"s3rver is not installed and eng/ci/install-s3rver.sh did not install it (looked above {AppContext.BaseDirectory}).");

    private static string? TryFindScript()
    {
        const string relative = "eng/s3rver/node_modules/s3rver/bin/s3rver.js";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
