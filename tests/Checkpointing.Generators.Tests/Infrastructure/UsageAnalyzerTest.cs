using Checkpointing.Analyzers.CodeFixes;
using Checkpointing.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Generators.Tests.Infrastructure;

/// <summary>Runs the CKPT1xx analyzer on markup sources: <c>{|CKPT103:…|}</c> marks each expected diagnostic.</summary>
internal sealed class UsageAnalyzerTest : CSharpAnalyzerTest<CheckpointedUsageAnalyzer, DefaultVerifier>
{
    public const string Usings = "using System;\nusing System.Collections.Generic;\nusing Checkpointing;\n\n";

    public UsageAnalyzerTest(string source)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        TestCode = Usings + source;
    }

    public static Task Run(string source) => new UsageAnalyzerTest(source).RunAsync();
}

/// <summary>Applies the make-partial fix and checks the result (the framework re-runs the analyzer on it).</summary>
internal sealed class MakePartialTest : CSharpCodeFixTest<CheckpointedUsageAnalyzer, MakePartialCodeFix, DefaultVerifier>
{
    public MakePartialTest(string source, string fixedSource)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        FixedState.AdditionalReferences.AddRange(TestReferences.All);
        TestCode = UsageAnalyzerTest.Usings + source;
        FixedCode = UsageAnalyzerTest.Usings + fixedSource;
    }

    public static Task Run(string source, string fixedSource) => new MakePartialTest(source, fixedSource).RunAsync();
}
