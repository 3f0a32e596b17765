using System.Diagnostics;

namespace Checkpointing.TestServers;

/// <summary>
/// Runs one of the repository's eng/ci/install-*.sh scripts, once per process, when a private server's programs are
/// missing: so `dotnet test` alone works on a fresh machine, as `.ci/run` does. Bounded in time; its output goes to
/// the exception when it fails.
/// </summary>
internal static class InstallScripts
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private static readonly Dictionary<string, Lazy<bool>> Ran = [];

    /// <summary>Runs eng/ci/<paramref name="script"/> of the repository this program was built from; false when there is no such script.</summary>
    public static bool Run(string script)
    {
        Lazy<bool> run;
        lock (Ran)
        {
            if (!Ran.TryGetValue(script, out run!)) Ran[script] = run = new Lazy<bool>(() => Execute(script));
        }
        return run.Value;
    }

    private static bool Execute(string script)
    {
        var path = Find(Path.Combine("eng", "ci", script));
        if (path is null) return false;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash {path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not finish within {Limit}.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{path} exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
        return true;
    }

    private static string? Find(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
