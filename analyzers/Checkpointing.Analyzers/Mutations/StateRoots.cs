using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Mutations;

/// <summary>
/// Walks a written location back to the checkpointed field it lives in: <c>this.point.X</c>, <c>items[i]</c>,
/// <c>obj.Name</c>, a local aliasing a checkpointed object, a ref local, a ref-returning method.
/// </summary>
internal sealed class StateRoots
{
    private const int MaxDepth = 8;
    private readonly KnownSymbols known;
    private readonly LocalValues locals;
    private readonly CancellationToken cancellationToken;

    public StateRoots(KnownSymbols known, LocalValues locals, CancellationToken cancellationToken)
    {
        this.known = known;
        this.locals = locals;
        this.cancellationToken = cancellationToken;
    }

    private Dictionary<ILocalSymbol, bool>? facts;

    /// <summary>
    /// Flow facts for locals at the operation being judged (from <c>Flow.AliasFlow</c>): a local known not to hold
    /// state here is no alias, whatever else it is given elsewhere. Disposing the scope forgets them.
    /// </summary>
    public IDisposable Facts(Dictionary<ILocalSymbol, bool>? current)
    {
        var previous = facts;
        facts = current;
        return new Restore(this, previous);
    }

    private sealed class Restore(StateRoots roots, Dictionary<ILocalSymbol, bool>? previous) : IDisposable
    {
        public void Dispose() => roots.facts = previous;
    }

    public ISymbol? Root(IOperation op, FlowCaptures? captures) => Root(op, captures, 0);

    private ISymbol? Root(IOperation op, FlowCaptures? captures, int depth)
    {
        if (depth > MaxDepth) return null;
        op = captures?.Unwrap(op) ?? Strip(op);
        switch (op)
        {
            case IFieldReferenceOperation field:
                if (known.IsCheckpointed(field.Field)) return IsOwned(field.Instance, captures) ? null : field.Field;
                return field.Instance is null ? null : Root(field.Instance, captures, depth + 1);
            case IPropertyReferenceOperation property:
                if (known.CheckpointedBackingField(property.Property) is not null)
                    return IsOwned(property.Instance, captures) ? null : property.Property;
                return property.Instance is null ? null : Root(property.Instance, captures, depth + 1);
            case IArrayElementReferenceOperation element:
                return Root(element.ArrayReference, captures, depth + 1);
            case ILocalReferenceOperation local:
                // Only at the use itself (a graph operation, captures known) do the flow facts apply.
                if (captures is not null && facts is not null && facts.TryGetValue(local.Local, out var mayHoldState) && !mayHoldState) return null;
                return AliasOf(local.Local, depth + 1);
            case IInvocationOperation { TargetMethod.ReturnsByRef: true } invocation:
                return RefReturned(invocation.TargetMethod);
            case IFlowCaptureReferenceOperation capture when captures is not null:
                foreach (var value in captures.Of(capture.Id))
                {
                    if (Root(value, captures, depth + 1) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The state a local refers to: a ref local, or a reference-typed local copied from state (not a struct copy).</summary>
    public ISymbol? AliasOf(ILocalSymbol local) => AliasOf(local, 0);

    private ISymbol? AliasOf(ILocalSymbol local, int depth)
    {
        if (depth > MaxDepth || !(local.IsRef || local.Type.IsReferenceType)) return null;
        foreach (var value in locals.Of(local))
        {
            if (Root(value, null, depth + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// Objects created in this method and not shared yet belong to the method (RacerD's ownership):
    /// <c>var s = new Source(); s.offset = 3;</c> and object initializers are not shared state.
    /// </summary>
    private bool IsOwned(IOperation? instance, FlowCaptures? captures)
    {
        if (instance is null) return false;
        var op = captures?.Unwrap(instance) ?? Strip(instance);
        switch (op)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
            case IObjectCreationOperation:
                return true;
            case ILocalReferenceOperation local:
                // Owned until it is first handed to anyone else (RacerD: ownership ends when the object escapes).
                if (locals.SharedBefore(local.Local, local.Syntax.SpanStart)) return false;
                var values = locals.Of(local.Local);
                if (values.Count == 0) return false;
                foreach (var value in values)
                {
                    if (Strip(value) is not IObjectCreationOperation) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>A ref-returning method of our own that returns <c>ref</c> a checkpointed field (read from its syntax).</summary>
    private ISymbol? RefReturned(IMethodSymbol method)
    {
        var type = method.ContainingType;
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not RefExpressionSyntax refExpression) continue;
                var name = refExpression.Expression switch
                {
                    IdentifierNameSyntax id => id.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var n } => n.Identifier.ValueText,
                    _ => null,
                };
                if (name is null) continue;
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IFieldSymbol field && known.IsCheckpointed(field)) return field;
                }
            }
        }
        return null;
    }

    private static IOperation Strip(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IConversionOperation c: op = c.Operand; continue;
                case IParenthesizedOperation p: op = p.Operand; continue;
                default: return op;
            }
        }
    }
}
