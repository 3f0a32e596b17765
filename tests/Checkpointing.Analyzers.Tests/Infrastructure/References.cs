using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles test sources against the running .NET's own framework assemblies and the real Checkpointing runtime,
/// so no reference-assembly package has to be downloaded and the analyzer sees the types users see.
/// </summary>
internal static class References
{
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
        return references.ToImmutableArray();
    }
}
