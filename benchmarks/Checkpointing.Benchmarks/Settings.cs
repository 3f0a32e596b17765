namespace Checkpointing.Benchmarks;

/// <summary>
/// Run-wide settings. Dry mode (CI) is an environment variable so that it reaches every place that sizes a
/// benchmark: parameter sources are read in the host, setups in the (in-process) runner.
/// </summary>
public static class Settings
{
    public const string DryVariable = "CHECKPOINTING_BENCH_DRY";

    /// <summary>True in <c>--dry</c> runs: small parameter values, one invocation each.</summary>
    public static bool Dry => Environment.GetEnvironmentVariable(DryVariable) == "1";

    /// <summary><paramref name="full"/> in a real run, <paramref name="dry"/> in a dry one.</summary>
    public static T Pick<T>(T full, T dry) => Dry ? dry : full;

    /// <summary>The repository root (the folder holding Generators.sln), found from the running assembly.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>BenchmarkDotNet's artifacts folder (not committed).</summary>
    public static string ArtifactsPath => Path.Combine(RepositoryRoot, "benchmarks", "Checkpointing.Benchmarks", "BenchmarkDotNet.Artifacts");

    /// <summary>Where benchmarks leave measurements that BenchmarkDotNet does not collect (e.g. lock time per checkpoint).</summary>
    public static string SidePath => Path.Combine(ArtifactsPath, "side");

    /// <summary>A fresh scratch folder for checkpoint files.</summary>
    public static string NewScratchFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "checkpointing-bench", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a scratch folder, best effort.</summary>
    public static void DeleteScratch(string? path)
    {
        if (path is null) return;
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) return dir.FullName;
        }
        return Environment.CurrentDirectory;
    }
}
