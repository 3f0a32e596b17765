using Checkpointing.Package.Tests.Packaging;

namespace Checkpointing.Package.Tests.Readme;

/// <summary>The README's quickstart, copied out of the README as a user would, builds against the package and runs.</summary>
[Collection(PackageCollection.Name)]
public sealed class QuickstartTests(PackedConsumer package)
{
    [Fact]
    public void Quickstart_builds_without_errors_or_checkpointing_warnings()
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
        var quickstartLines = package.Build!.Output.Split('\n').Where(l => l.Contains("Quickstart", StringComparison.Ordinal));
        Assert.DoesNotContain(quickstartLines, l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains("warning CKPT", StringComparison.Ordinal));
    }

    [Fact]
    public void Hosting_example_builds_without_errors_or_warnings()
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
        // NU1603 comes from the package source (a MessagePack dependency version it lacks), not from the example.
        var hostingLines = package.Build!.Output.Split('\n').Where(l => l.Contains("/Hosting/", StringComparison.Ordinal) && !l.Contains("NU1603", StringComparison.Ordinal));
        Assert.DoesNotContain(hostingLines, l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal));
        Assert.Contains("AddCheckpointingJob(", package.Hosting);
        Assert.True(File.Exists(Path.Combine(package.HostingDirectory, "bin", "Release", "net10.0", "Hosting.dll")), package.Build.ToString());
    }

    [Fact]
    public void Quickstart_shows_state_the_lock_and_a_savepoint()
    {
        // What the quickstart is for; a shorter block that compiled would no longer teach it.
        Assert.Contains("[Checkpointed] private long offset;", package.Quickstart);
        Assert.Contains("lock (gate)", package.Quickstart);
        Assert.Contains("StopWithSavepointAsync", package.Quickstart);
        Assert.Contains("RestoreFrom(savepoint)", package.Quickstart);
    }

    [Fact]
    public void Quickstart_stops_with_a_savepoint_and_resumes_from_it_at_another_parallelism()
    {
        Assert.True(package.QuickstartRun is { ExitCode: 0 }, package.QuickstartRun?.ToString() ?? package.Build?.ToString() ?? package.Pack.ToString());
        var output = package.QuickstartRun!.Output;
        Assert.Matches(@"Stopped with savepoint .*savepoint-counter-job-", output);
        Assert.Matches(@"Resumed at parallelism 3: Cancelled, last checkpoint [1-9]", output);
    }
}
