using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.Locks;

/// <summary>
/// A private field counts as the checkpoint lock when every assignment to it, in every part of its type,
/// is <c>something.CheckpointLock</c>. Decided from syntax (no extra semantic models) and cached per compilation.
/// </summary>
internal static class LockFields
{
    public static bool IsLockField(IFieldSymbol field, KnownSymbols known, CancellationToken cancellationToken) =>
        field.DeclaredAccessibility == Accessibility.Private &&
        known.LockFieldCache.GetOrAdd(field.OriginalDefinition, f => Compute(f, cancellationToken));

    private static bool Compute(IFieldSymbol field, CancellationToken cancellationToken)
    {
        var sawLock = false;
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == field.Name && declarator.Parent?.Parent is FieldDeclarationSyntax:
                        if (declarator.Initializer is null) break;
                        if (!IsLockAccess(declarator.Initializer.Value)) return false;
                        sawLock = true;
                        break;
                    case AssignmentExpressionSyntax assignment when Names(assignment.Left, field.Name):
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsLockAccess(assignment.Right)) return false;
                        sawLock = true;
                        break;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) && Names(argument.Expression, field.Name):
                        return false;
                }
            }
        }
        return sawLock;
    }

    private static bool Names(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        _ => false,
    };

    public static bool IsLockAccess(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p: expression = p.Expression; continue;
                case CastExpressionSyntax c: expression = c.Expression; continue;
                case PostfixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.SuppressNullableWarningExpression): expression = p.Operand; continue;
                case MemberAccessExpressionSyntax m: return m.Name.Identifier.ValueText == "CheckpointLock";
                case ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax b }: return b.Name.Identifier.ValueText == "CheckpointLock";
                default: return false;
            }
        }
    }
}
