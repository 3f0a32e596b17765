using System.Collections.Immutable;
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
        op = captures?.Unwrap(op) ?? FlowCaptures.Strip(op);
        switch (op)
        {
            case IFieldReferenceOperation field:
                if (known.IsCheckpointed(field.Field)) return IsOwned(field.Instance, captures) ? null : field.Field;
                return field.Instance is null ? null : Root(field.Instance, captures, depth + 1);
            case IPropertyReferenceOperation property:
                if (known.CheckpointedBackingField(property.Property) is not null)
                    return IsOwned(property.Instance, captures) ? null : property.Property;
                // A ref-returning property or indexer of ours (`ref long Current => ref offsets[cursor];`) says where it points.
                if (property.Property.ReturnsByRef && !property.Property.DeclaringSyntaxReferences.IsEmpty)
                    return Viewed(property.Property, property.Instance, default, captures, depth);
                return property.Instance is null ? null : Root(property.Instance, captures, depth + 1);
            case IArrayElementReferenceOperation element:
                return Root(element.ArrayReference, captures, depth + 1);
            case ILocalReferenceOperation local:
                // Only at the use itself (a graph operation, captures known) do the flow facts apply.
                if (captures is not null && facts is not null && facts.TryGetValue(local.Local, out var mayHoldState) && !mayHoldState) return null;
                return AliasOf(local.Local, depth + 1);
            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsByRef || known.IsWritableView(invocation.Type):
                return Viewed(invocation.TargetMethod, invocation.Instance, invocation.Arguments, captures, depth);
            case IObjectCreationOperation { Arguments.Length: > 0 } creation when known.IsWritableView(creation.Type):
                // new Span<long>(array, 0, n)
                return Root(creation.Arguments[0].Value, captures, depth + 1);
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

    /// <summary>
    /// A local that can refer to state rather than copy it: a ref local, a reference-typed local, or a writable span
    /// (a struct, but one that views the memory it was made from).
    /// </summary>
    public bool CanAlias(ILocalSymbol local) =>
        (local.IsRef && local.RefKind != RefKind.RefReadOnly) || local.Type.IsReferenceType || known.IsWritableView(local.Type);

    /// <summary>The state a local refers to: a ref local, or a reference-typed local copied from state (not a struct copy).</summary>
    public ISymbol? AliasOf(ILocalSymbol local) => AliasOf(local, 0);

    private ISymbol? AliasOf(ILocalSymbol local, int depth)
    {
        if (depth > MaxDepth || !CanAlias(local)) return null;
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
        var op = captures?.Unwrap(instance) ?? FlowCaptures.Strip(instance);
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
                    if (FlowCaptures.Strip(value) is not IObjectCreationOperation) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Where a ref or a writable span returned by a method or property points. For our own members, read from the
    /// syntax of what they return (<c>ref offsets[p]</c>, <c>ref this.point.X</c>, <c>items.AsSpan(0, n)</c>): a
    /// checkpointed field of the member's type by name, or another field of its type, which is then inside whatever
    /// the receiver is. For members of other assemblies (CollectionsMarshal.AsSpan, GetValueRefOrAddDefault,
    /// MemoryExtensions.AsSpan, Span.Slice, MemoryMarshal): a view of the receiver, or of the first argument.
    /// </summary>
    private ISymbol? Viewed(ISymbol member, IOperation? instance, ImmutableArray<IArgumentOperation> arguments, FlowCaptures? captures, int depth)
    {
        if (member.DeclaringSyntaxReferences.IsEmpty)
        {
            if (instance is not null) return Root(instance, captures, depth + 1);
            return arguments.IsDefaultOrEmpty ? null : Root(arguments[0].Value, captures, depth + 1);
        }
        var type = member.ContainingType;
        var parameters = member is IMethodSymbol method ? method.Parameters : ((IPropertySymbol)member).Parameters;
        foreach (var reference in member.OriginalDefinition.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                var returned = node switch
                {
                    RefExpressionSyntax refExpression => refExpression.Expression,
                    ReturnStatementSyntax { Expression: { } value } => value,
                    ArrowExpressionClauseSyntax { Expression: not RefExpressionSyntax } arrow => arrow.Expression,
                    _ => null,
                };
                if (returned is null) continue;
                foreach (var name in ViewedNames(returned))
                {
                    if (IsParameter(parameters, name)) continue;
                    foreach (var candidate in type.GetMembers(name))
                    {
                        if (candidate is not IFieldSymbol { IsStatic: false } field) continue;
                        if (known.IsCheckpointed(field)) return field;
                        // A field of another object (`ref long At(int i) => ref slots[i];` on a checkpointed Buffer).
                        if (instance is not null && Root(instance, captures, depth + 1) is { } outer) return outer;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>The names an access chain starts from: <c>a</c> in <c>a[i].b</c>, and for a call both its receiver and its first argument.</summary>
    private static IEnumerable<string> ViewedNames(ExpressionSyntax expression)
    {
        for (var guard = 0; guard < MaxDepth; guard++)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p: expression = p.Expression; continue;
                case ElementAccessExpressionSyntax e: expression = e.Expression; continue;
                case RefExpressionSyntax r: expression = r.Expression; continue;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m: yield return m.Name.Identifier.ValueText; yield break;
                case MemberAccessExpressionSyntax m: expression = m.Expression; continue;
                case InvocationExpressionSyntax invocation:
                    if (invocation.ArgumentList.Arguments.Count > 0)
                    {
                        foreach (var name in ViewedNames(invocation.ArgumentList.Arguments[0].Expression)) yield return name;
                    }
                    expression = invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : invocation.Expression;
                    continue;
                case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation: expression = creation.ArgumentList.Arguments[0].Expression; continue;
                case IdentifierNameSyntax id: yield return id.Identifier.ValueText; yield break;
                default: yield break;
            }
        }
    }

    private static bool IsParameter(ImmutableArray<IParameterSymbol> parameters, string name)
    {
        foreach (var p in parameters)
        {
            if (p.Name == name) return true;
        }
        return false;
    }
}
