using System.Collections.Generic;
using System.Collections.Immutable;
using Checkpointing.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Checkpointing.Generators.Diagnostics;

/// <summary>
/// Reports the CKPT1xx usage errors of <c>[Checkpointed]</c>. It runs the generator's own parser, so what it reports
/// is exactly why the generator produced nothing; being an analyzer, <c>#pragma</c> and .editorconfig apply.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CheckpointedUsageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.InvalidField,
        DiagnosticDescriptors.UnsupportedType,
        DiagnosticDescriptors.DuplicateStateName,
        DiagnosticDescriptors.InvalidMerge,
        DiagnosticDescriptors.UnionWithoutMerge,
        DiagnosticDescriptors.NotAClass,
        DiagnosticDescriptors.AlreadyImplemented,
        DiagnosticDescriptors.ListStateIgnored);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(static ctx =>
        {
            var type = (INamedTypeSymbol)ctx.Symbol;
            var diagnostics = new List<Diagnostic>();
            var known = WellKnownTypes.For(ctx.Compilation);
            ClassParser.Parse(type, known, diagnostics, ctx.CancellationToken);
            if (ClassParser.ContainingTypeProblem(type, known, ctx.CancellationToken) is { } containing) diagnostics.Add(containing);
            foreach (var diagnostic in diagnostics) ctx.ReportDiagnostic(diagnostic);
        }, SymbolKind.NamedType);
    }
}
