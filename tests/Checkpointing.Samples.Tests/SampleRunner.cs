using System.Diagnostics;

namespace Checkpointing.Samples.Tests;

/// <summary>Runs a built sample as its own process, as `dotnet run` would, and captures its output.</summary>
internal static class SampleRunner
{
    public static readonly string RepositoryRoot = FindRoot();

    public static async Task<(int ExitCode, string Output)> RunAsync(string sample, params string[] args)
    {
        var configuration = typeof(SampleRunner).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var dll = Path.Combine(RepositoryRoot, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"the sample was not built: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{sample} did not finish within 3 minutes. Output so far:\n{await stdout}");
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
