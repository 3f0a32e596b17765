using System.Collections.Immutable;
using Checkpointing.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Checkpointing.Analyzers.Tests.Infrastructure;

/// <summary>Runs the analyzer on code that need not compile, returning its diagnostics and any exception it raised.</summary>
internal static class DirectRun
{
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Failures)> Analyze(string source)
    {
        CheckpointLockAnalyzer.RethrowInternalErrors = true;
        var tree = CSharpSyntaxTree.ParseText(Sources.Usings + source);
        var compilation = CSharpCompilation.Create("Broken", new[] { tree }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var failures = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => { lock (failures) failures.Add(e); },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var analyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CheckpointLockAnalyzer()), options);
        var diagnostics = await analyzers.GetAnalyzerDiagnosticsAsync();
        return (diagnostics, failures);
    }
}
