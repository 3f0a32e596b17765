using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Checkpointing.Package.Tests.Infrastructure;

namespace Checkpointing.Package.Tests.Packaging;

/// <summary>What `dotnet pack` puts in the one Checkpointing package, and what it asks of consumers.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests(PackedConsumer package)
{
    private static readonly string[] RoslynAssemblies = ["Checkpointing.Generators.dll", "Checkpointing.Analyzers.dll", "Checkpointing.Analyzers.CodeFixes.dll"];

    [Fact]
    public void Pack_succeeds()
    {
        Assert.True(package.Pack.ExitCode == 0 && File.Exists(package.PackagePath), package.Pack.ToString());
    }

    [Fact]
    public void Runtime_and_its_docs_are_the_only_lib_assets()
    {
        var lib = package.Entries().Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["lib/net10.0/Checkpointing.dll", "lib/net10.0/Checkpointing.xml"], lib);
    }

    [Fact]
    public void Generator_analyzers_and_code_fixes_load_from_analyzers_dotnet_cs()
    {
        var analyzers = package.Entries().Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(RoslynAssemblies.Select(a => "analyzers/dotnet/cs/" + a).Order(StringComparer.Ordinal), analyzers);
    }

    [Fact]
    public void Compiler_version_check_flows_to_transitive_consumers_and_readme_is_packed()
    {
        var entries = package.Entries();
        Assert.Contains("buildTransitive/Checkpointing.targets", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("build/", StringComparison.Ordinal) || e.StartsWith("contentFiles/", StringComparison.Ordinal));
    }

    [Fact]
    public void Dependencies_are_the_runtime_libraries_only_never_roslyn()
    {
        var dependencies = Metadata().Descendants(Nuspec("dependency")).Select(d => (string)d.Attribute("id")!).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["MessagePack", "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "System.IO.Hashing"],
            dependencies);
        Assert.Equal(["net10.0"], Metadata().Descendants(Nuspec("group")).Select(g => (string)g.Attribute("targetFramework")!));
    }

    [Fact]
    public void Metadata_names_the_package_its_license_readme_and_tags()
    {
        var metadata = Metadata();
        Assert.Equal("Checkpointing", (string?)metadata.Element(Nuspec("id")));
        Assert.Equal(package.Version, (string?)metadata.Element(Nuspec("version")));
        var license = metadata.Element(Nuspec("license"))!;
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", (string?)metadata.Element(Nuspec("readme")));
        var tags = ((string?)metadata.Element(Nuspec("tags")) ?? "").Split(' ');
        Assert.Contains("flink", tags);
        Assert.Contains("checkpointing", tags);
        Assert.False(string.IsNullOrWhiteSpace((string?)metadata.Element(Nuspec("description"))));
    }

    [Fact]
    public void Every_assembly_carries_the_one_version_of_Directory_Build_props()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        var props = XDocument.Load(Repository.PathOf("Directory.Build.props"));
        var version = Version.Parse(props.Descendants("Version").Single().Value);
        var extracted = Path.Combine(package.Folder, "extracted");
        Directory.CreateDirectory(extracted);
        using var zip = ZipFile.OpenRead(package.PackagePath);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
        {
            var file = Path.Combine(extracted, entry.Name);
            entry.ExtractToFile(file, overwrite: true);
            var assembly = AssemblyName.GetAssemblyName(file);
            Assert.True(new Version(version.Major, version.Minor, Math.Max(version.Build, 0), 0) == assembly.Version, $"{entry.FullName}: {assembly.Version}, expected {version}");
        }
    }

    private XElement Metadata()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        var nuspec = XDocument.Parse(package.ReadEntry("Checkpointing.nuspec"));
        return nuspec.Root!.Element(Nuspec("metadata"))!;
    }

    // Every nuspec element lives in the schema namespace of the nuspec's root element.
    private XName Nuspec(string name) => XName.Get(name, XDocument.Parse(package.ReadEntry("Checkpointing.nuspec")).Root!.Name.NamespaceName);
}
