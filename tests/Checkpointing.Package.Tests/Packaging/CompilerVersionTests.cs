using Checkpointing.Package.Tests.Infrastructure;

namespace Checkpointing.Package.Tests.Packaging;

/// <summary>The package's buildTransitive targets warn when the compiler is older than the Roslyn the package needs.</summary>
[Collection(PackageCollection.Name)]
public sealed class CompilerVersionTests(PackedConsumer package)
{
    [Theory]
    [InlineData("roslyn4.8", "roslyn4.8")]
    [InlineData("roslyn4.13", "roslyn4.13")]
    [InlineData("", "an unknown version older than 4.0")]
    public async Task An_older_compiler_gets_a_clear_warning(string compilerApiVersion, string shown)
    {
        var output = await CheckWith(compilerApiVersion);
        Assert.Contains("warning CKPTSDK001", output);
        Assert.Contains("needs the Roslyn 4.14 compiler or newer", output);
        Assert.Contains("this build uses " + shown, output);
    }

    [Theory]
    [InlineData("roslyn4.14")]
    [InlineData("roslyn5.0")]
    public async Task The_needed_compiler_or_newer_gets_none(string compilerApiVersion)
    {
        Assert.DoesNotContain("CKPTSDK001", await CheckWith(compilerApiVersion));
    }

    // Runs only the check, as imported from the restored package, with the compiler's version property overridden.
    private async Task<string> CheckWith(string compilerApiVersion)
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
        var result = await DotNet.RunAsync(package.ConsumerDirectory, "msbuild", "Consumer.csproj", "-t:CheckpointingCheckCompilerVersion",
            "-p:CompilerApiVersion=" + compilerApiVersion, "-nodeReuse:false", "-tl:off");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
