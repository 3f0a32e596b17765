using Checkpointing.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>A checkpointed class deriving from a checkpointed class of another, already compiled, assembly.</summary>
public class CrossAssemblyTests
{
    private const string Library = """
        using Checkpointing;
        namespace Library;
        public abstract partial class BaseSource
        {
            [Checkpointed] private long offset;
            public long Offset { get => offset; set => offset = value; }
        }
        """;

    private const string App = """
        using System.Collections.Generic;
        using Checkpointing;
        namespace App;
        public sealed partial class AppSource : Library.BaseSource
        {
            [Checkpointed] private List<string> names = new();
            public List<string> Names => names;
        }
        """;

    [Fact]
    public void Derived_class_extends_the_generated_members_found_in_metadata()
    {
        var library = GeneratorRun.Compile(Library);
        GeneratorRun.Driver().RunGeneratorsAndUpdateCompilation(library, out var libraryWithState, out _);
        using var image = new MemoryStream();
        var emitted = libraryWithState.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        var app = CSharpCompilation.Create("App",
            [CSharpSyntaxTree.ParseText(App, GeneratorRun.ParseOptions)],
            [.. TestReferences.All, MetadataReference.CreateFromImage(image.ToArray())],
            GeneratorRun.Options);
        GeneratorRun.Driver().RunGeneratorsAndUpdateCompilation(app, out var appWithState, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var problems = appWithState.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var generated = appWithState.SyntaxTrees.Last().ToString();
        Assert.Contains("protected override void __Checkpointing_WriteState", generated);
        Assert.Contains("base.__Checkpointing_WriteState(context, scalars);", generated);
        Assert.DoesNotContain("public void SnapshotState", generated);
    }
}
