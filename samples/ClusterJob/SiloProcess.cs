using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClusterSample;

/// <summary>
/// One silo of the sample as its own process: this program's <c>silo</c> mode on free loopback ports. Its output goes
/// to a log file (and, line by line, to <see cref="Line"/>); <see cref="Kill"/> sends it SIGKILL, and
/// <see cref="Dispose"/> kills it if it still runs — only this process, by its PID. Shared with the multi-process test
/// (tests/Checkpointing.Orleans.Tests), which starts the same silos.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    /// <summary>The line a silo prints once it has joined the cluster (<c>SILO READY name address</c>).</summary>
    public const string ReadyLine = "SILO READY";

    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter log;
    private readonly StringBuilder tail = new();

    private SiloProcess(Process process, string name, int siloPort, string logPath)
    {
        this.process = process;
        Name = name;
        SiloPort = siloPort;
        LogPath = logPath;
        log = new StreamWriter(logPath, append: false) { AutoFlush = true };
    }

    /// <summary>The name given on the command line (silo-1, …).</summary>
    public string Name { get; }

    /// <summary>The silo-to-silo port; a silo's address in Orleans is 127.0.0.1:this port@generation.</summary>
    public int SiloPort { get; }

    /// <summary>Where the silo's whole output is written.</summary>
    public string LogPath { get; }

    /// <summary>The process id (what <see cref="Kill"/> and <see cref="Dispose"/> end).</summary>
    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Each line the silo prints, as it prints it.</summary>
    public event Action<SiloProcess, string>? Line;

    /// <summary>
    /// Starts <paramref name="command"/> (the program and the arguments before <c>silo</c>, e.g. <c>dotnet exec ClusterJob.dll</c>)
    /// in silo mode, named <paramref name="name"/>, with Redis at <paramref name="redis"/> and the job's folder <paramref name="work"/>;
    /// <paramref name="more"/> are further silo options (<c>--death-detection default</c>, say).
    /// </summary>
    public static SiloProcess Start(IReadOnlyList<string> command, string name, string redis, string clusterId, string work, int partitions, long records, params string[] more)
    {
        var siloPort = FreeLoopbackPort();
        var gatewayPort = FreeLoopbackPort();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (var argument in new[]
                 {
                     "silo", "--redis", redis, "--cluster-id", clusterId, "--port", Text(siloPort), "--gateway", Text(gatewayPort), "--work", work,
                     "--name", name, "--parent", Text(Environment.ProcessId), "--partitions", Text(partitions), "--records", Text(records),
                 }.Concat(more))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {string.Join(' ', command)} for {name}.");
        var silo = new SiloProcess(process, name, siloPort, Path.Combine(work, name + ".log"));
        process.OutputDataReceived += (_, e) => silo.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Receive(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => silo.ready.TrySetException(new InvalidOperationException($"{name} exited before it joined the cluster. Its output:\n{silo.Tail()}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>How to start this very program again: its apphost, or <c>dotnet exec</c> with its assembly.</summary>
    public static IReadOnlyList<string> ThisProgram()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The entry assembly is unknown.");
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, "exec", entry] : [host];
    }

    /// <summary>Waits until the silo has joined the cluster (it prints <see cref="ReadyLine"/>).</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) =>
        ready.Task.WaitAsync(timeout).ContinueWith(
            t => t.IsFaulted && t.Exception!.InnerException is TimeoutException
                ? throw new TimeoutException($"{Name} did not join the cluster within {timeout.TotalSeconds:F0} s. Its output:\n{Tail()}")
                : t,
            TaskScheduler.Default).Unwrap();

    /// <summary>Whether <paramref name="siloAddress"/> (<c>SiloAddress.ToParsableString</c>: 127.0.0.1:port@generation) is this silo.</summary>
    public bool Is(string siloAddress) => siloAddress.Contains($":{Text(SiloPort)}@", StringComparison.Ordinal);

    /// <summary>SIGKILL: the process ends at once, with no shutdown of the silo; its peers see only closed connections.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit(10_000);
    }

    /// <summary>The last lines the silo printed, for failure messages.</summary>
    public string Tail()
    {
        lock (tail) return tail.ToString();
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        lock (tail) log.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null) return;
        lock (tail)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            tail.AppendLine(line);
            if (tail.Length > 20_000) tail.Remove(0, tail.Length - 20_000);
        }
        if (line.StartsWith(ReadyLine, StringComparison.Ordinal)) ready.TrySetResult();
        Line?.Invoke(this, line);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
