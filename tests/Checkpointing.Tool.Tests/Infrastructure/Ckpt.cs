using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Checkpointing.Tool.Tests.Infrastructure;

/// <summary>What one run of a command printed and exited with.</summary>
public sealed record ToolRun(string Command, int ExitCode, string Output, string Error)
{
    public JsonNode Json => JsonNode.Parse(Output) ?? throw new InvalidOperationException("no JSON in: " + this);

    public override string ToString() => $"`{Command}` exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Starts a program as a separate process, as a user's shell would, with a bounded wait; kills only the process it started.</summary>
public static class Processes
{
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // `dotnet test` leaves MSBuild variables in its children's environment; a user's shell has none.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var command = program + " " + string.Join(' ', start.ArgumentList);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + command);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ToolRun(command, -1, await stdout, "timed out\n" + await stderr);
        }
        return new ToolRun(command, process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The <c>ckpt</c> tool as built by this test project's reference to it, run with <c>dotnet exec</c>.</summary>
public static class Ckpt
{
    public static string Dll => Repository.PathOf("src", "Checkpointing.Tool", "bin", Repository.Configuration, "net10.0", "ckpt.dll");

    public static Task<ToolRun> RunAsync(params string[] args) => Processes.RunAsync("dotnet", ["exec", Dll, .. args]);

    /// <summary>Runs it with <paramref name="environment"/> set (credentials for an S3 store, say).</summary>
    public static Task<ToolRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Processes.RunAsync("dotnet", ["exec", Dll, .. args], environment: environment);
}

/// <summary>Where the repository is, and which configuration this test run was built in (bin/&lt;Configuration&gt;/net10.0).</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) return dir.FullName;
        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }
}
