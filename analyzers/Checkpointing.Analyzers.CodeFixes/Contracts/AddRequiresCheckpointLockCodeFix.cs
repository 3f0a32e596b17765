using System.Composition;
using Checkpointing.Analyzers.CodeFixes.Shared;
using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Checkpointing.Analyzers.CodeFixes.Contracts;

/// <summary>
/// CKPT001 in a helper method: mark the method <c>[RequiresCheckpointLock]</c> (Clang's REQUIRES), so the change is
/// accepted there and every call must hold the lock instead. Not offered for methods the runtime calls (overrides,
/// interface implementations), where the obligation cannot move to a caller.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRequiresCheckpointLockCodeFix)), Shared]
public sealed class AddRequiresCheckpointLockCodeFix() : OneActionCodeFix(DiagnosticIds.StateChangedWithoutLock, EquivalenceKey)
{
    public const string EquivalenceKey = "Checkpointing.AddRequiresCheckpointLock";

    protected override bool NeedsSemanticModel => true;

    protected override OfferedFix? Offer(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // Inside a method that escapes as a delegate nobody calls it under a lock: the obligation has nowhere to go.
        if (diagnostic.Properties.ContainsKey(Checkpointing.Analyzers.Analysis.Requirement.EscapeProperty)) return null;
        var method = Method(root.FindNode(diagnostic.Location.SourceSpan));
        if (method is null || model!.GetDeclaredSymbol(method, cancellationToken) is not { } symbol || !CanMoveObligation(symbol)) return null;
        return new OfferedFix($"Mark '{symbol.Name}' [RequiresCheckpointLock]", ct => ApplyAsync(document, method, ct));
    }

    /// <summary>The method whose own body holds the node (not a lambda or local function inside it).</summary>
    private static MethodDeclarationSyntax? Method(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case MethodDeclarationSyntax method:
                    return method;
                case MemberDeclarationSyntax:
                    return null;
            }
        }
        return null;
    }

    private static bool CanMoveObligation(IMethodSymbol method)
    {
        if (method.IsOverride || method.IsAbstract || !method.ExplicitInterfaceImplementations.IsEmpty || method.MethodKind != MethodKind.Ordinary) return false;
        foreach (var iface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in iface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)) return false;
            }
        }
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "RequiresCheckpointLockAttribute") return false;
        }
        return true;
    }

    private static async Task<Document> ApplyAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;
        // Short name when `using Checkpointing;` is in effect, else fully qualified.
        var imported = model.LookupNamespacesAndTypes(method.SpanStart, name: "RequiresCheckpointLockAttribute").Any();
        var name = imported ? "RequiresCheckpointLock" : "global::Checkpointing.RequiresCheckpointLock";
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))));
        var updated = method.WithoutLeadingTrivia()
            .AddAttributeLists(list.WithTrailingTrivia(SyntaxFactory.ElasticSpace))
            .WithLeadingTrivia(method.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(method, updated));
    }
}
