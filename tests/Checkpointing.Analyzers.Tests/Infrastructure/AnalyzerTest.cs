using Checkpointing.Analyzers.Analysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Infrastructure;

/// <summary>Runs <see cref="CheckpointLockAnalyzer"/> on markup sources: <c>{|CKPT001:…|}</c> marks every expected diagnostic.</summary>
internal sealed class AnalyzerTest : CSharpAnalyzerTest<CheckpointLockAnalyzer, DefaultVerifier>
{
    static AnalyzerTest() => CheckpointLockAnalyzer.RethrowInternalErrors = true;

    public AnalyzerTest(string source)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        TestCode = Sources.Usings + source;
    }

    public static Task Run(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
