using Checkpointing.Analyzers.CodeFixes.Shared;
using Checkpointing.Diagnostics;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.CodeFixes;

/// <summary>
/// CKPT101: adds <c>partial</c> to the class (or containing type) that holds <c>[Checkpointed]</c> fields, so the
/// generator can add its half. The diagnostic comes from the generator assembly's usage analyzer; its id comes from the
/// shared list (<c>analyzers/Shared/Diagnostics/DiagnosticIds.cs</c>), so this assembly needs no reference to the generator.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix() : OneActionCodeFix(DiagnosticIds.NotPartial, EquivalenceKey)
{
    public const string EquivalenceKey = "Checkpointing.MakePartial";

    protected override OfferedFix? Offer(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
        return new OfferedFix($"Make '{declaration.Identifier.Text}' partial", ct => AddPartialAsync(document, declaration, ct));
    }

    private static async Task<Document> AddPartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, WithPartial(declaration)));
    }

    /// <summary><c>partial</c> goes last among the modifiers, right before the <c>class</c>/<c>record</c> keyword, as C# requires.</summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count == 0)
        {
            // Move the keyword's leading trivia (indentation, doc comments) to the new first token.
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }
        return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}
