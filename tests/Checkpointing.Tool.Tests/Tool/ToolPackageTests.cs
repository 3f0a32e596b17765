using Checkpointing.Tool.Tests.Infrastructure;

namespace Checkpointing.Tool.Tests.Tool;

/// <summary>
/// The tool as users get it: packed as a dotnet tool into a temp feed, installed from it with
/// <c>dotnet tool install --tool-path --add-source</c>, and run as <c>ckpt</c>.
/// </summary>
public sealed class ToolPackageTests(ShopCheckpoints shop) : IClassFixture<ShopCheckpoints>, IDisposable
{
    /// <summary>A version no other run uses, so no package cache can serve a stale copy.</summary>
    private readonly string version = "0.1.0-tooltest." + Guid.NewGuid().ToString("N")[..12];
    private readonly TempFolder folder = new();

    [Fact]
    public async Task The_packed_tool_installs_with_dotnet_tool_install_and_runs()
    {
        var feed = folder.Sub("feed");
        var tools = folder.Sub("tools");
        // Built by this test project's reference to it; pack only collects the outputs of that build.
        var pack = await Processes.RunAsync("dotnet", ["pack", Repository.PathOf("src", "Checkpointing.Tool", "Checkpointing.Tool.csproj"),
            "-c", Repository.Configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + version, "-nodeReuse:false"], timeout: TimeSpan.FromMinutes(4));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Checkpointing.Tool.{version}.nupkg")), pack.ToString());

        var install = await Processes.RunAsync("dotnet", ["tool", "install", "Checkpointing.Tool", "--version", version, "--tool-path", tools, "--add-source", feed],
            workingDirectory: folder.Path, timeout: TimeSpan.FromMinutes(4));
        Assert.True(install.ExitCode == 0, install.ToString());

        var ckpt = Path.Combine(tools, OperatingSystem.IsWindows() ? "ckpt.exe" : "ckpt");
        var help = await Processes.RunAsync(ckpt, ["--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "list", "show", "verify", "rescale", "diff", "remove-operator", "rename-uid" })
            Assert.Contains(command, help.Output);

        var verify = await Processes.RunAsync(ckpt, ["verify", shop.Savepoint, "--json"]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(verify.Json["intact"]!.GetValue<bool>());
    }

    public void Dispose()
    {
        // A restore may have copied this one-off version into the global packages folder; leave nothing behind.
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var copy = Path.Combine(global, "checkpointing.tool", version);
        try
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        folder.Dispose();
    }
}
