using System.Collections.Immutable;
using System.Composition;
using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.CodeFixes.LockCast;

/// <summary>CKPT003: drop the conversion to System.Threading.Lock so <c>lock</c> uses Monitor, as the runtime does.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LockTheObjectCodeFix)), Shared]
public sealed class LockTheObjectCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Checkpointing.LockTheObject";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LockCastToSystemThreadingLock);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            var inner = Unconverted(node);
            if (inner is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Lock the checkpoint lock object itself", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, inner.WithTriviaFrom(node)))), EquivalenceKey),
                diagnostic);
        }
    }

    private static ExpressionSyntax? Unconverted(SyntaxNode node) => node switch
    {
        ParenthesizedExpressionSyntax p => Unconverted(p.Expression),
        CastExpressionSyntax cast => cast.Expression,
        BinaryExpressionSyntax binary when binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsExpression) => binary.Left,
        _ => null,
    };
}
