using System.Composition;
using Checkpointing.Analyzers.CodeFixes.Shared;
using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.CodeFixes.LockCast;

/// <summary>CKPT003: drop the conversion to System.Threading.Lock so <c>lock</c> uses Monitor, as the runtime does.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockTheObjectCodeFix)), Shared]
public sealed class LockTheObjectCodeFix() : OneActionCodeFix(DiagnosticIds.LockCastToSystemThreadingLock, EquivalenceKey)
{
    public const string EquivalenceKey = "Checkpointing.LockTheObject";

    protected override OfferedFix? Offer(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan);
        var inner = Unconverted(node);
        if (inner is null) return null;
        return new OfferedFix("Lock the checkpoint lock object itself", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(node, inner.WithTriviaFrom(node)))));
    }

    private static ExpressionSyntax? Unconverted(SyntaxNode node) => node switch
    {
        ParenthesizedExpressionSyntax p => Unconverted(p.Expression),
        CastExpressionSyntax cast => cast.Expression,
        BinaryExpressionSyntax binary when binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsExpression) => binary.Left,
        _ => null,
    };
}
