using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Checkpointing.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="CheckpointedGenerator"/> over in-memory sources with step tracking on.</summary>
internal static class GeneratorRun
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Nullable on and every warning an error, as in a strict user project.</summary>
    public static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        // Assembly-version unification notes the SDK also suppresses by default.
        .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "UserAssembly",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        TestReferences.All,
        Options);

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new CheckpointedGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Generates, and fails the test if the generated code does not compile cleanly with warnings as errors.</summary>
    public static (GeneratorDriver Driver, GeneratorDriverRunResult Result) Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        Assert.True(problems.IsEmpty, string.Join(Environment.NewLine, problems));
        return (driver, driver.GetRunResult());
    }
}
