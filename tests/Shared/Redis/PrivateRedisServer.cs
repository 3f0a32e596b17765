using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Checkpointing.TestServers;

/// <summary>
/// A private Redis server for tests and samples (an Orleans cluster's membership table): <c>redis-server</c> on a free
/// loopback port, its working folder a fresh temporary one, no persistence (no RDB snapshots, no append-only file).
/// <see cref="DisposeAsync"/> stops exactly the process it started, by its PID, and deletes exactly that folder. The
/// start is bounded: the server must answer PING within <see cref="StartTimeout"/>. The one copy of this code: linked
/// into each project that needs a server.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly string folder;
    private readonly StringBuilder output = new();

    private PrivateRedisServer(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Process id of the server (what <see cref="DisposeAsync"/> stops).</summary>
    public int ProcessId => process.Id;

    /// <summary>The server's address as a StackExchange.Redis configuration string, e.g. <c>127.0.0.1:40123</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts a server and returns once it answers PING; installs redis-server with eng/ci/install-redis.sh when it is missing.</summary>
    public static async Task<PrivateRedisServer> StartAsync()
    {
        var program = FindProgram();
        // A port taken between probing and binding makes the server exit at once: try a few fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var folder = Directory.CreateTempSubdirectory("ckpt-redis-").FullName;
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            foreach (var argument in new[]
                     {
                         "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder,
                         "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
                     })
                start.ArgumentList.Add(argument);
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            var server = new PrivateRedisServer(process, folder, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await server.WaitUntilAnsweringAsync().ConfigureAwait(false)) return server;
            var log = server.Log();
            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3) throw new InvalidOperationException($"redis-server did not answer PING on port {port} within {StartTimeout.TotalSeconds:F0} s: {log}");
        }
    }

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Log()
    {
        lock (output) return output.ToString().Trim();
    }

    /// <summary>Stops the server this instance started (by its PID) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or did not end in time after SIGKILL (nothing more can be done from here).
        }
        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system eventually.
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private async Task<bool> WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited) return false;
            if (await AnswersPingAsync().ConfigureAwait(false)) return true;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return false;
    }

    // The inline command PING answers "+PONG": enough to know the server accepts commands, without a client library.
    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string FindProgram()
    {
        var found = FindOnPath("redis-server");
        if (found is null && InstallScripts.Run("install-redis.sh")) found = FindOnPath("redis-server");
        return found ?? throw new InvalidOperationException(
            "No redis-server on PATH. Install it with eng/ci/install-redis.sh (Debian's redis-server package).");
    }

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
