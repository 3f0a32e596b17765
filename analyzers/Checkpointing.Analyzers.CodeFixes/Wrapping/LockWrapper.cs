using Checkpointing.Analyzers.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Checkpointing.Analyzers.CodeFixes.Wrapping;

/// <summary>
/// Wraps the statements of many diagnostics at once: neighbouring statements in one block share one
/// <c>lock</c>, and an emission (<c>ctx.Collect(…)</c>) right next to them joins it, as Flink's rule asks.
/// Used by the single fix (one diagnostic) and by fix-all (all of a document's).
/// </summary>
internal static class LockWrapper
{
    private const string AnnotationKind = "Checkpointing.WrapInLock";


    public static async Task<Document> WrapAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        var targets = new Dictionary<StatementSyntax, string>();
        var lambdas = new Dictionary<AnonymousFunctionExpressionSyntax, (string Gate, bool ReturnsVoid)>();
        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            if (Statements.ExpressionLambda(node) is { } lambda)
            {
                if (LockExpressionFinder.Find(model, lambda.ExpressionBody!.SpanStart) is { } lambdaGate &&
                    model.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol lambdaSymbol)
                {
                    lambdas[lambda] = (lambdaGate, lambdaSymbol.ReturnsVoid);
                }
                continue;
            }
            var statement = Statements.Wrappable(node);
            var gate = statement is null ? null : LockExpressionFinder.Find(model, statement);
            if (statement is null || gate is null) continue;
            targets[statement] = gate;
            if (statement.Parent is BlockSyntax block) AddNeighbouringEmissions(block, statement, gate, targets);
        }
        // A statement inside another target is covered by the outer lock.
        var outermost = targets.Where(t => !t.Key.Ancestors().OfType<StatementSyntax>().Any(targets.ContainsKey)).ToList();
        if (outermost.Count == 0 && lambdas.Count == 0) return document;

        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToFullString() is { Length: > 0 } found ? found : "\n";
        var statements = outermost.ToDictionary(t => (SyntaxNode)t.Key, t => t.Value);
        root = root.ReplaceNodes(
            statements.Keys.Concat(lambdas.Keys),
            (original, rewritten) => original is AnonymousFunctionExpressionSyntax lambda && lambdas.TryGetValue(lambda, out var l)
                ? LockedLambda(lambda, (AnonymousFunctionExpressionSyntax)rewritten, l.Gate, l.ReturnsVoid, newLine)
                : rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(AnnotationKind, statements[original])));
        var rewritten = new Rewriter().Visit(root);
        return rewritten is null ? document : document.WithSyntaxRoot(rewritten);
    }

    /// <summary><c>() => e</c> becomes <c>() => { lock (gate) { e; } }</c> (or <c>return e;</c> when the lambda returns a value).</summary>
    private static SyntaxNode LockedLambda(AnonymousFunctionExpressionSyntax original, AnonymousFunctionExpressionSyntax lambda, string gate, bool returnsVoid, string newLine)
    {
        // Laid out by hand from the enclosing statement's indentation: the formatter keeps a lambda block where it is put.
        var indent = string.Concat((original.FirstAncestorOrSelf<StatementSyntax>()?.GetLeadingTrivia() ?? default)
            .Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Select(t => t.ToFullString()));
        const string Unit = "    ";
        var body = lambda.ExpressionBody!.WithoutTrivia().ToFullString();
        var statement = returnsVoid ? body + ";" : "return " + body + ";";
        var text = indent + "{" + newLine +
                   indent + Unit + "lock (" + gate + ")" + newLine +
                   indent + Unit + "{" + newLine +
                   indent + Unit + Unit + statement + newLine +
                   indent + Unit + "}" + newLine +
                   indent + "}";
        var block = (BlockSyntax)SyntaxFactory.ParseStatement(text);
        if (lambda is LambdaExpressionSyntax arrow)
            lambda = arrow.WithArrowToken(arrow.ArrowToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)));
        return lambda.WithExpressionBody(null).WithBlock(block);
    }

    /// <summary>Whether the fix can be offered for this diagnostic.</summary>
    public static async Task<bool> CanWrapAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return false;
        var node = root.FindNode(diagnostic.Location.SourceSpan);
        if (Statements.ExpressionLambda(node) is { } lambda) return LockExpressionFinder.Find(model, lambda.ExpressionBody!.SpanStart) is not null;
        var statement = Statements.Wrappable(node);
        return statement is not null && LockExpressionFinder.Find(model, statement) is not null;
    }

    private static void AddNeighbouringEmissions(BlockSyntax block, StatementSyntax statement, string gate, Dictionary<StatementSyntax, string> targets)
    {
        var index = block.Statements.IndexOf(statement);
        for (var i = index - 1; i >= 0 && Statements.IsEmission(block.Statements[i]); i--) targets[block.Statements[i]] = gate;
        for (var i = index + 1; i < block.Statements.Count && Statements.IsEmission(block.Statements[i]); i++) targets[block.Statements[i]] = gate;
    }

    private static LockStatementSyntax Lock(string gate, IReadOnlyList<StatementSyntax> statements)
    {
        var first = statements[0];
        var body = SyntaxFactory.Block(
            SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker)),
            SyntaxFactory.List(statements.Select((s, i) => i == 0 ? s.WithLeadingTrivia(SyntaxFactory.ElasticMarker) : s)),
            SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList()));
        return SyntaxFactory.LockStatement(SyntaxFactory.ParseExpression(gate), body)
            .WithLeadingTrivia(first.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.TriviaList(statements[statements.Count - 1].GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).Take(1)))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Drops layout trivia (kept comments) so the formatter lays the moved statement out afresh.</summary>
    private static StatementSyntax Normalize(StatementSyntax statement) =>
        statement.WithLeadingTrivia(statement.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static bool SameGate(LockStatementSyntax statement, string gate) =>
        string.Equals(statement.Expression.ToString(), gate, StringComparison.Ordinal);

    private static string? Gate(SyntaxNode node) => node.GetAnnotations(AnnotationKind).FirstOrDefault()?.Data;

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            return visited.WithStatements(Group(visited.Statements));
        }

        public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
        {
            var visited = (SwitchSectionSyntax)base.VisitSwitchSection(node)!;
            return visited.WithStatements(Group(visited.Statements));
        }

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            var visited = base.Visit(node);
            // An embedded statement (the body of an if or a loop) is wrapped on its own.
            if (visited is StatementSyntax statement && statement.Parent is not (BlockSyntax or SwitchSectionSyntax) &&
                node?.Parent is not (BlockSyntax or SwitchSectionSyntax) && Gate(statement) is { } gate)
            {
                return Lock(gate, new[] { statement.WithoutAnnotations(AnnotationKind) });
            }
            return visited;
        }

        private static SyntaxList<StatementSyntax> Group(SyntaxList<StatementSyntax> statements)
        {
            var result = new List<StatementSyntax>();
            var run = new List<StatementSyntax>();
            string? runGate = null;
            var mergeBefore = false;
            void Flush()
            {
                if (run.Count > 0)
                {
                    // Join an existing lock on the same gate right before the run, so repeated single fixes and
                    // fix-all converge on one block (and the emission stays with the state change).
                    if (result.Count > 0 && result[result.Count - 1] is LockStatementSyntax previous && SameGate(previous, runGate!) && previous.Statement is BlockSyntax previousBlock)
                    {
                        result[result.Count - 1] = previous.WithStatement(previousBlock.AddStatements(run.ToArray())).WithAdditionalAnnotations(Formatter.Annotation);
                    }
                    else
                    {
                        result.Add(Lock(runGate!, run));
                        mergeBefore = true;
                    }
                }
                run.Clear();
                runGate = null;
            }
            foreach (var statement in statements)
            {
                var gate = Gate(statement);
                if (gate is null || (runGate is not null && gate != runGate)) Flush();
                if (gate is null)
                {
                    // An existing lock on the same gate right after a new one: fold the new statements into it.
                    if (mergeBefore && statement is LockStatementSyntax next && next.Statement is BlockSyntax nextBlock &&
                        result[result.Count - 1] is LockStatementSyntax created && SameGate(next, created.Expression.ToString()) && created.Statement is BlockSyntax createdBlock)
                    {
                        result[result.Count - 1] = next.WithStatement(nextBlock.WithStatements(createdBlock.Statements.AddRange(nextBlock.Statements)))
                            .WithLeadingTrivia(created.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
                    }
                    else
                    {
                        result.Add(statement);
                    }
                    mergeBefore = false;
                    continue;
                }
                runGate = gate;
                run.Add(Normalize(statement.WithoutAnnotations(AnnotationKind)));
            }
            Flush();
            return SyntaxFactory.List(result);
        }
    }
}
