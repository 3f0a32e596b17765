using System.Diagnostics;
using System.Reflection;

namespace Checkpointing.Samples.Tests;

/// <summary>Runs built samples (and other programs) as their own processes, as `dotnet run` would, and captures their output.</summary>
internal static class SampleRunner
{
    public static readonly string RepositoryRoot = FindRoot();

    private static readonly string Configuration = typeof(SampleRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>Runs the built sample <paramref name="sample"/> with <c>dotnet exec</c>.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string sample, params string[] args)
    {
        var dll = Path.Combine(RepositoryRoot, "samples", sample, "bin", Configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"the sample was not built: {dll}");
        return RunProcessAsync("dotnet", TimeSpan.FromMinutes(3), ["exec", dll, .. args]);
    }

    /// <summary>Runs <paramref name="file"/>; kills it and fails with its output so far when it outlives <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(string file, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within {timeout}. Output so far:\n{await stdout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The line starting with VERIFY that every sample ends with.</summary>
    public static string VerificationLine(string output) =>
        output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("VERIFY", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no VERIFY line in:\n{output}");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) return dir.FullName;
        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }
}
