using System.Composition;
using Checkpointing.Analyzers.CodeFixes.Shared;
using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Checkpointing.Analyzers.CodeFixes.Emission;

/// <summary>
/// CKPT002 (emission and state change in two critical sections): move the <c>Collect</c> statement into the
/// lock block that changes the state — before the change if it came first, after it otherwise, so the order
/// of emission and update is kept. A lock block left empty is removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveEmissionIntoStateBlockCodeFix)), Shared]
public sealed class MoveEmissionIntoStateBlockCodeFix() : OneActionCodeFix(DiagnosticIds.EmissionNotAtomicWithState, EquivalenceKey)
{
    public const string EquivalenceKey = "Checkpointing.MoveEmissionIntoStateBlock";

    protected override OfferedFix? Offer(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, diagnostic) is { } plan
            ? new OfferedFix("Move the emission into the block that changes the state", ct => ApplyAsync(document, plan, ct))
            : null;

    private static (ExpressionStatementSyntax Emission, LockStatementSyntax From, StatementSyntax Change)? Plan(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0) return null;
        var emission = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ExpressionStatementSyntax>();
        var change = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan).FirstAncestorOrSelf<StatementSyntax>();
        if (emission is null || change is null || !Statements.IsEmission(emission)) return null;
        if (emission.Parent is not BlockSyntax { Parent: LockStatementSyntax from }) return null;
        if (change.Parent is not BlockSyntax { Parent: LockStatementSyntax to } || from == to || from.Contains(change) || to.Contains(emission)) return null;
        return (emission, from, change);
    }

    private static async Task<Document> ApplyAsync(Document document, (ExpressionStatementSyntax Emission, LockStatementSyntax From, StatementSyntax Change) plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var moved = plan.Emission.WithoutLeadingTrivia().WithAdditionalAnnotations(Formatter.Annotation);
        if (plan.From.Statement is BlockSyntax { Statements.Count: 1 }) editor.RemoveNode(plan.From);
        else editor.RemoveNode(plan.Emission);
        if (plan.Emission.SpanStart < plan.Change.SpanStart) editor.InsertBefore(plan.Change, moved);
        else editor.InsertAfter(plan.Change, moved);
        return editor.GetChangedDocument();
    }
}
