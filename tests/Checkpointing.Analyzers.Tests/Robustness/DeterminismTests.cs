using System.Collections.Immutable;
using Checkpointing.Analyzers.Analysis;
using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Checkpointing.Analyzers.Tests.Robustness;

/// <summary>
/// Member bodies of one type are analysed concurrently and the helper summaries are joined at the type's end:
/// the result must not depend on scheduling.
/// </summary>
public sealed class DeterminismTests
{
    private static string Project()
    {
        var text = new System.Text.StringBuilder(Sources.Usings);
        for (var i = 0; i < 40; i++)
        {
            text.Append(Sources.Class($$"""
                private void Inner{{i}}() { items.Add(1); }
                private void Outer{{i}}() { Inner{{i}}(); }
                public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Outer{{i}}(); } Outer{{i}}(); offset++; ctx.Collect(1); }
                public override void Cancel() { offset = 0; }
                """).Replace("class Fn", "class Fn" + i));
        }
        return text.ToString();
    }

    private static async Task<string[]> Run(bool concurrent)
    {
        var compilation = CSharpCompilation.Create("D", new[] { CSharpSyntaxTree.ParseText(Project()) }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: concurrent));
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CheckpointLockAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Concurrent_and_sequential_analysis_agree()
    {
        var sequential = await Run(concurrent: false);
        var concurrent = await Run(concurrent: true);
        // Per source: the unlocked Outer call, offset++, the unlocked Collect, and Cancel's write.
        Assert.Equal(40 * 4, sequential.Length);
        Assert.Equal(sequential, concurrent);
    }
}
