using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Tests.Shared;

/// <summary>
/// The references of every in-memory test compilation: the running .NET's own framework assemblies, the real
/// Checkpointing runtime and MessagePack (which the runtime brings to every user project), so no reference-assembly
/// package has to be downloaded and the generator and analyzers see exactly the types users see. Linked into each
/// Roslyn test project (<c>&lt;Compile Include="../Shared/TestReferences.cs" Link="…" /&gt;</c>).
/// </summary>
internal static class TestReferences
{
    /// <summary>For the Roslyn testing packages: no reference package, <see cref="All"/> instead.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(CheckpointedAttribute).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(MessagePack.MessagePackSerializer).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(MessagePack.MessagePackObjectAttribute).Assembly.Location));
        return [.. references];
    }
}
