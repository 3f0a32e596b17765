using Checkpointing.Analyzers.Analysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix (and fix-all) and checks the result text; the framework also re-runs the analyzer on the fixed
/// code and fails if it still reports anything or does not compile.
/// </summary>
internal sealed class CodeFixTest<TFix> : CSharpCodeFixTest<CheckpointLockAnalyzer, TFix, DefaultVerifier>
    where TFix : CodeFixProvider, new()
{
    static CodeFixTest() => CheckpointLockAnalyzer.RethrowInternalErrors = true;

    public CodeFixTest(string source, string fixedSource)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        FixedState.AdditionalReferences.AddRange(TestReferences.All);
        TestCode = Sources.Usings + source;
        FixedCode = Sources.Usings + fixedSource;
    }

    public static Task Run(string source, string fixedSource, params DiagnosticResult[] remaining)
    {
        var test = new CodeFixTest<TFix>(source, fixedSource);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        return test.RunAsync();
    }

    /// <summary>The code is reported but no fix of this provider applies: the text must stay as it is.</summary>
    public static Task NoFixOffered(string source, params DiagnosticResult[] expected)
    {
        var test = new CodeFixTest<TFix>(source, source);
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
