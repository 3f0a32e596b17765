namespace Checkpointing.Samples.Tests;

/// <summary>
/// Publishes the AotRoundTrip sample with NativeAOT and runs the native binary: generated state must round-trip with
/// no reflection, and this project's assemblies must raise no trim or AOT warning. Needs clang and zlib1g-dev
/// (.ci/run installs them).
/// </summary>
public class NativeAotTests
{
    [Fact]
    public async Task Generated_state_round_trips_in_a_NativeAOT_binary_without_warnings_from_our_assemblies()
    {
        var output = Path.Combine(Path.GetTempPath(), "ckpt-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(SampleRunner.RepositoryRoot, "samples", "AotRoundTrip", "AotRoundTrip.csproj");
            var (exit, log) = await SampleRunner.RunProcessAsync("dotnet", TimeSpan.FromMinutes(10), "publish", project, "-r", "linux-x64", "-c", "Release", "-o", output, "-p:TreatWarningsAsErrors=false");
            Assert.True(exit == 0, $"NativeAOT publish failed (needs clang and zlib1g-dev):\n{log}");

            var ours = log.Split('\n')
                .Where(l => l.Contains("warning IL", StringComparison.Ordinal) && !l.Contains("MessagePack.dll", StringComparison.Ordinal))
                .ToList();
            Assert.True(ours.Count == 0, "trim/AOT warnings from this project:\n" + string.Join('\n', ours));

            var (runExit, runLog) = await SampleRunner.RunProcessAsync(Path.Combine(output, "AotRoundTrip"), TimeSpan.FromMinutes(1));
            Assert.Equal(0, runExit);
            Assert.Equal("VERIFY round trip OK", SampleRunner.VerificationLine(runLog));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
