using Checkpointing.Package.Tests.Infrastructure;

namespace Checkpointing.Package.Tests.Hosting;

/// <summary>samples/HostedJob runs as `dotnet run` would run it and proves exactly-once across a host restart.</summary>
public sealed class HostedJobSampleTests
{
    [Fact]
    public async Task Sample_stops_with_a_savepoint_restores_it_and_verifies_exactly_once()
    {
        var dll = Repository.PathOf("samples", "HostedJob", "bin", Repository.Configuration, "net10.0", "HostedJob.dll");
        Assert.True(File.Exists(dll), "the sample was not built: " + dll);
        var run = await DotNet.RunAsync(Repository.Root, "exec", dll);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"First run: Stopped, savepoint \S*savepoint-hosted-counter-\d+-", run.Output);
        Assert.Matches(@"Second run: Finished, restored from \S*savepoint-hosted-counter-\d+-", run.Output);
        // Logging reaches the console through the host's logger factory.
        Assert.Contains("Checkpointing.Job", run.Output);
        var verify = run.Output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("VERIFY", StringComparison.Ordinal));
        Assert.Equal("VERIFY records committed 40000, lost 0, duplicated 0: OK", verify);
    }
}
