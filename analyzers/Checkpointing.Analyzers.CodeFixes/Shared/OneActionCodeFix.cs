using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Checkpointing.Analyzers.CodeFixes.Shared;

/// <summary>A fix offered for one diagnostic: its title and the change it makes.</summary>
public sealed class OfferedFix(string title, Func<CancellationToken, Task<Document>> apply)
{
    public string Title { get; } = title;
    public Func<CancellationToken, Task<Document>> Apply { get; } = apply;
}

/// <summary>
/// What the fixes of one diagnostic id share: at most one action per diagnostic, all with one equivalence key, and
/// Roslyn's batch fixer for fix-all. A fix says only whether it applies and what it does (<see cref="Offer"/>).
/// </summary>
public abstract class OneActionCodeFix(string diagnosticId, string equivalenceKey) : CodeFixProvider
{
    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(diagnosticId);

    /// <summary>Whether <see cref="Offer"/> needs the semantic model (it is null otherwise).</summary>
    protected virtual bool NeedsSemanticModel => false;

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = NeedsSemanticModel ? await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) : null;
        if (root is null || NeedsSemanticModel && model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Offer(context.Document, root, model, diagnostic, context.CancellationToken) is not { } fix) continue;
            context.RegisterCodeFix(CodeAction.Create(fix.Title, fix.Apply, equivalenceKey), diagnostic);
        }
    }

    /// <summary>The fix for <paramref name="diagnostic"/>, or null where it does not apply.</summary>
    protected abstract OfferedFix? Offer(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken);
}
