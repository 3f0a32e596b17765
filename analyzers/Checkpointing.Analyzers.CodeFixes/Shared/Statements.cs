using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.CodeFixes.Shared;

internal static class Statements
{
    /// <summary>
    /// The statement a diagnostic sits in, if wrapping that statement in a lock would put the flagged code under it:
    /// not when a lambda or local function lies in between (the lock would not be held when it runs), and not for
    /// declarations (wrapping would hide the variable from the code after it).
    /// </summary>
    public static StatementSyntax? Wrappable(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                    return null;
                case LocalDeclarationStatementSyntax:
                    return null;
                case StatementSyntax statement:
                    return statement.Parent is BlockSyntax or SwitchSectionSyntax or IfStatementSyntax or ElseClauseSyntax
                        or WhileStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or DoStatementSyntax
                        or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or LabeledStatementSyntax
                        ? statement
                        : null;
                case MemberDeclarationSyntax:
                    return null;
            }
        }
        return null;
    }

    /// <summary>True for <c>x.Collect(…);</c>, the emission that belongs in the same block as the state change.</summary>
    public static bool IsEmission(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Collect" } } };

    /// <summary>
    /// An expression-bodied lambda whose body holds the node directly (<c>() => offset++</c>): its body can become
    /// <c>{ lock (…) { offset++; } }</c>, so the lock is taken when the lambda runs.
    /// </summary>
    public static AnonymousFunctionExpressionSyntax? ExpressionLambda(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax { ExpressionBody: { } body } lambda when body.Span.Contains(node.Span):
                    return lambda;
                case AnonymousFunctionExpressionSyntax or StatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }
        return null;
    }
}
