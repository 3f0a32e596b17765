using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.Locks;

/// <summary>
/// Our own methods that run a delegate parameter before they return (<c>void Retry(Action step) { … step(); … }</c>):
/// every use of the parameter is a direct call, none inside a lambda or local function, and the method is neither
/// async nor an iterator. A lambda given to such a parameter runs under the caller's locks. Read from syntax, cached.
/// </summary>
internal sealed class InvokedParameters
{
    private readonly ConcurrentDictionary<IParameterSymbol, bool> cache = new(SymbolEqualityComparer.Default);

    public bool RunsImmediately(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        parameter.ContainingSymbol is IMethodSymbol { IsAsync: false, DeclaringSyntaxReferences.IsEmpty: false } &&
        cache.GetOrAdd(parameter.OriginalDefinition, p => Compute(p, cancellationToken));

    private static bool Compute(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        var uses = 0;
        foreach (var reference in parameter.ContainingSymbol.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax(cancellationToken);
            foreach (var node in body.DescendantNodes())
            {
                if (node is YieldStatementSyntax) return false;
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name) continue;
                if (!IsDirectCall(identifier) || InsideNestedFunction(identifier, body)) return false;
                uses++;
            }
        }
        return uses > 0;
    }

    /// <summary><c>p(…)</c>, <c>p.Invoke(…)</c> or <c>p?.Invoke(…)</c>.</summary>
    private static bool IsDirectCall(IdentifierNameSyntax identifier) => identifier.Parent switch
    {
        InvocationExpressionSyntax invocation => invocation.Expression == identifier,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Parent: InvocationExpressionSyntax } access => access.Expression == identifier,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Invoke" } } } conditional => conditional.Expression == identifier,
        _ => false,
    };

    private static bool InsideNestedFunction(SyntaxNode node, SyntaxNode body)
    {
        for (var current = node.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return true;
        }
        return false;
    }
}
