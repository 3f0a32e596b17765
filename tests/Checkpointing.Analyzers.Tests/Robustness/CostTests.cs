using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Checkpointing.Analyzers.Analysis;
using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace Checkpointing.Analyzers.Tests.Robustness;

/// <summary>
/// A large synthetic project: many stateful sources plus many ordinary classes, which the prefilter should skip
/// without building a control flow graph. All of it is correct, so the analyzer must report nothing. Its cost is
/// measured by the build-cost benchmark (docs/performance.md), not here: a wall-clock bound in a test fails on a busy
/// machine and proves nothing on a quiet one. The time taken is written to the test output for a first look.
/// </summary>
public sealed class CostTests(ITestOutputHelper output)
{
    private static string Project(int sources, int plainClasses)
    {
        var text = new StringBuilder(Sources.Usings);
        for (var i = 0; i < sources; i++)
        {
            text.Append(Sources.Class($$"""
                private void Advance{{i}}() { offset++; items.Add(offset); }
                public override void Run(ISourceContext<long> ctx)
                {
                    var gate = ctx.CheckpointLock;
                    while (running)
                    {
                        lock (gate) { ctx.Collect(offset); Advance{{i}}(); }
                        if (offset % 7 == 0) { try { Thread.Sleep(0); } catch (Exception) { } }
                        items.ForEach(x => { if (x > 10) running = false; });
                    }
                }
                public override void Cancel() { running = false; }
                """).Replace("class Fn", "class Fn" + i).Replace("new Fn(", "new Fn" + i + "("));
            text.AppendLine();
        }
        for (var i = 0; i < plainClasses; i++)
        {
            text.Append($"public sealed class Plain{i} {{ private int n; private readonly object g = new(); ");
            for (var m = 0; m < 10; m++) text.Append($"public int M{m}(int x) {{ for (var k = 0; k < x; k++) {{ n += k; if (n > 100) break; }} return n; }} ");
            text.AppendLine("}");
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(200, 300)]
    [InlineData(0, 300)]
    [InlineData(200, 0)]
    public async Task A_large_correct_project_gets_no_diagnostic(int sources, int plainClasses)
    {
        var tree = CSharpSyntaxTree.ParseText(Project(sources, plainClasses));
        var compilation = CSharpCompilation.Create("Large", new[] { tree }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var compile = Stopwatch.StartNew();
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        compile.Stop();

        var analyzer = new CheckpointLockAnalyzer();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);

        output.WriteLine($"{sources} sources, {plainClasses} plain classes: binding + diagnostics: {compile.ElapsedMilliseconds} ms; analyzer: {telemetry.ExecutionTime.TotalMilliseconds:F0} ms; " +
                         $"operation block actions: {telemetry.OperationBlockActionsCount}; diagnostics: {diagnostics.Length}");
        Assert.Empty(diagnostics); // the synthetic code is correct: every change is under the lock or in a locked helper
    }
}
