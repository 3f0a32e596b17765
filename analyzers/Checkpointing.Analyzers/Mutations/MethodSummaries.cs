using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.Mutations;

/// <summary>
/// A one-level summary of methods declared in this compilation: does the method change a field of its own object?
/// Then calling it on a checkpointed object (<c>state.Advance()</c>) changes checkpointed state. Read from syntax
/// (no extra semantic models), cached per method for the compilation.
/// </summary>
internal sealed class MethodSummaries
{
    private readonly ConcurrentDictionary<IMethodSymbol, bool> changesOwnState = new(SymbolEqualityComparer.Default);

    public bool ChangesOwnState(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.IsStatic || method.IsReadOnly || method.DeclaringSyntaxReferences.IsEmpty) return false;
        return changesOwnState.GetOrAdd(method.OriginalDefinition, m => Compute(m, cancellationToken));
    }

    private static bool Compute(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var type = method.ContainingType;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                var target = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => postfix.Operand,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } when CollectionMutators.IsMutatorName(access.Name.Identifier.ValueText) => access.Expression,
                    ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) => argument.Expression,
                    _ => null,
                };
                if (target is not null && NamesOwnField(target, type)) return true;
            }
        }
        return false;
    }

    /// <summary><c>x</c>, <c>this.x</c>, <c>x[i]</c> or <c>x.y</c> where <c>x</c> is an instance field of the type.</summary>
    private static bool NamesOwnField(ExpressionSyntax target, INamedTypeSymbol type)
    {
        while (true)
        {
            switch (target)
            {
                case ElementAccessExpressionSyntax element: target = element.Expression; continue;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name }: return IsField(name.Identifier.ValueText, type);
                case MemberAccessExpressionSyntax member: target = member.Expression; continue;
                case IdentifierNameSyntax identifier: return IsField(identifier.Identifier.ValueText, type);
                default: return false;
            }
        }
    }

    private static bool IsField(string name, INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }) return true;
        }
        return false;
    }
}
