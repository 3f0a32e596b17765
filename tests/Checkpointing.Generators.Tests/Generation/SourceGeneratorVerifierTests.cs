using System.Runtime.CompilerServices;
using System.Text;
using Checkpointing.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// The Roslyn source-generator test harness with <see cref="DefaultVerifier"/>: the generated files must equal the
/// baseline files exactly, and the project with them must compile without diagnostics.
/// </summary>
public class SourceGeneratorVerifierTests
{
    [Theory]
    [MemberData(nameof(BaselineCases.All), MemberType = typeof(BaselineCases))]
    public async Task Generator_output_equals_baselines_and_compiles(string name, string source)
    {
        var test = new CSharpSourceGeneratorTest<CheckpointedGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestState = { Sources = { source } },
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)project.CompilationOptions!)
                .WithNullableContextOptions(Microsoft.CodeAnalysis.NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(GeneratorRun.Options.SpecificDiagnosticOptions);
            return solution.WithProjectCompilationOptions(projectId, options);
        });
        foreach (var file in Directory.GetFiles(Path.Combine(BaselineDirectory(), name), "*.txt"))
        {
            var hint = Path.GetFileNameWithoutExtension(file);
            test.TestState.GeneratedSources.Add((typeof(CheckpointedGenerator), hint, SourceText.From(File.ReadAllText(file), Encoding.UTF8)));
        }
        await test.RunAsync();
    }

    private static string BaselineDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Baselines");
}
