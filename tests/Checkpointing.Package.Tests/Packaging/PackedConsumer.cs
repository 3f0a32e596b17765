using System.IO.Compression;
using Checkpointing.Package.Tests.Infrastructure;
using Checkpointing.Package.Tests.Readme;

namespace Checkpointing.Package.Tests.Packaging;

/// <summary>
/// Packs the package once, as `dotnet pack` does, into a temp folder; creates fresh consumer projects that reference it
/// from that folder (and from the default sources for its dependencies); builds and runs them. Each step's result is
/// kept, so each test asserts on its own part and a failure shows the command's output.
/// </summary>
public sealed class PackedConsumer : IAsyncLifetime
{
    /// <summary>A version no other run uses, so the global packages folder can never serve a stale copy.</summary>
    public string Version { get; } = "0.1.0-packagetest." + Guid.NewGuid().ToString("N")[..12];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "checkpointing-package-test-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Combine(Folder, "feed");
    public string PackagePath => Path.Combine(Feed, $"Checkpointing.{Version}.nupkg");
    public string ConsumerDirectory => Path.Combine(Folder, "Consumer");
    public string QuickstartDirectory => Path.Combine(Folder, "Quickstart");
    public string HostingDirectory => Path.Combine(Folder, "Hosting");

    public CommandResult Pack { get; private set; } = null!;
    public CommandResult Build { get; private set; } = null!;
    public CommandResult? ConsumerRun { get; private set; }
    public CommandResult? QuickstartRun { get; private set; }

    /// <summary>The README's quickstart exactly as the README shows it.</summary>
    public string Quickstart { get; } = ReadmeQuickstart.Extract(File.ReadAllText(Repository.PathOf("README.md")));

    /// <summary>The README's hosting example exactly as the README shows it.</summary>
    public string Hosting { get; } = ReadmeQuickstart.ExtractHosting(File.ReadAllText(Repository.PathOf("README.md")));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        // Built by this test project's reference to it; pack only collects the outputs of that build.
        Pack = await DotNet.RunAsync(Repository.Root, "pack", Repository.PathOf("src", "Checkpointing", "Checkpointing.csproj"),
            "-c", Repository.Configuration, "--no-build", "-o", Feed, "-p:PackageVersion=" + Version, "-nodeReuse:false");
        if (Pack.ExitCode != 0 || !File.Exists(PackagePath)) return;

        WriteConsumers();
        Build = await DotNet.RunAsync(Folder, "build", "consumers.slnx", "-c", "Release", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        if (Build.ExitCode != 0) return;
        ConsumerRun = await DotNet.RunAsync(ConsumerDirectory, "exec", Path.Combine(ConsumerDirectory, "bin", "Release", "net10.0", "Consumer.dll"));
        QuickstartRun = await DotNet.RunAsync(QuickstartDirectory, "exec", Path.Combine(QuickstartDirectory, "bin", "Release", "net10.0", "Quickstart.dll"));
    }

    public async Task DisposeAsync()
    {
        // The restore copied this one-off version into the machine's global packages folder; leave nothing behind.
        var locals = await DotNet.RunAsync(Folder, "nuget", "locals", "global-packages", "--list");
        var global = locals.Output.Split(':', 2) is [_, var path] ? path.Trim() : null;
        TryDelete(global is null ? null : Path.Combine(global, "checkpointing", Version.ToLowerInvariant()));
        TryDelete(Folder);
    }

    /// <summary>The names of every entry in the .nupkg.</summary>
    public IReadOnlyList<string> Entries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    public string ReadEntry(string name)
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private void WriteConsumers()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate");
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Folder, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        File.WriteAllText(Path.Combine(QuickstartDirectory, "Program.cs"), Quickstart);
        File.WriteAllText(Path.Combine(HostingDirectory, "Program.cs"), Hosting);
        File.WriteAllText(Path.Combine(HostingDirectory, "CounterSource.cs"), ReadmeQuickstart.CounterSourceOf(Quickstart));

        // The local folder is added to the machine's default sources (no <clear/>): dependencies restore as for any user.
        File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="checkpointing-under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        // Empty files stop MSBuild from picking up any Directory.*.props above the temp folder; the version comes from here.
        File.WriteAllText(Path.Combine(Folder, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <CheckpointingPackageVersion>{Version}</CheckpointingPackageVersion>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Folder, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(Folder, "consumers.slnx"), """
            <Solution>
              <Project Path="Consumer/Consumer.csproj" />
              <Project Path="Quickstart/Quickstart.csproj" />
              <Project Path="Hosting/Hosting.csproj" />
            </Solution>
            """);
    }

    private static void TryDelete(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it would not be.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedConsumer>
{
    public const string Name = "Packed package";
}
