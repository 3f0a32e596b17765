using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Locks;

/// <summary>
/// Recognises the checkpoint lock by the expression that names it (Clang's capability expressions):
/// <c>ctx.CheckpointLock</c>, a local only ever copied from it, or a private field only ever assigned from it.
/// Anything else is a "near match" that the message names.
/// </summary>
internal sealed class LockRecognizer
{
    private readonly KnownSymbols known;
    private readonly LocalValues locals;
    private readonly IParameterSymbol? contextParameter;
    private readonly CancellationToken cancellationToken;

    public LockRecognizer(KnownSymbols known, LocalValues locals, IMethodSymbol? rootMethod, CancellationToken cancellationToken)
    {
        this.known = known;
        this.locals = locals;
        this.cancellationToken = cancellationToken;
        if (rootMethod is not null)
        {
            foreach (var p in rootMethod.Parameters)
            {
                if (known.IsSourceContext(p.Type)) { contextParameter = p; break; }
            }
        }
    }

    public LockMatch Match(IOperation expression, FlowCaptures? captures) => Match(expression, captures, depth: 0);

    private LockMatch Match(IOperation expression, FlowCaptures? captures, int depth)
    {
        var op = captures is null ? FlowCaptures.Strip(expression) : captures.Unwrap(expression);
        if (depth > 6) return LockMatch.Other("an expression");
        switch (op)
        {
            case IPropertyReferenceOperation { Property.Name: "CheckpointLock" } property when known.IsSourceContext(property.Property.ContainingType):
                return IsOtherContext(property.Instance, captures, depth)
                    ? LockMatch.Other("the CheckpointLock of another context")
                    : LockMatch.CheckpointLock;
            case ILocalReferenceOperation local:
            {
                var values = locals.Of(local.Local);
                if (values.Count == 0) return LockMatch.Other($"'{local.Local.Name}'");
                foreach (var value in values)
                {
                    var match = Match(value, null, depth + 1);
                    if (!match.IsCheckpointLock) return values.Count == 1 ? match : LockMatch.Other($"'{local.Local.Name}'");
                }
                return LockMatch.CheckpointLock;
            }
            case IFieldReferenceOperation field:
                return LockFields.IsLockField(field.Field, known, cancellationToken)
                    ? LockMatch.CheckpointLock
                    : LockMatch.Other($"field '{field.Field.Name}'");
            case IInstanceReferenceOperation:
                return LockMatch.Other("'this'");
            case IObjectCreationOperation:
                return LockMatch.Other("a new object");
            case ITypeOfOperation:
                return LockMatch.Other("a Type object");
            case IParameterReferenceOperation parameter:
                return LockMatch.Other($"parameter '{parameter.Parameter.Name}'");
            case ILiteralOperation:
                return LockMatch.Other("a literal");
            case IPropertyReferenceOperation property:
                return LockMatch.Other($"'{property.Property.Name}'");
            default:
                return LockMatch.Other("an expression that is not the checkpoint lock");
        }
    }

    /// <summary>
    /// In a method given a context parameter, the lock of a different context parameter is almost certainly
    /// the wrong one. A context kept in a field is usually this source's own (stored in Run), so it counts.
    /// </summary>
    private bool IsOtherContext(IOperation? instance, FlowCaptures? captures, int depth)
    {
        if (contextParameter is null || instance is null) return false;
        var op = captures is null ? FlowCaptures.Strip(instance) : captures.Unwrap(instance);
        switch (op)
        {
            case IParameterReferenceOperation p:
                return !SymbolEqualityComparer.Default.Equals(p.Parameter, contextParameter);
            case ILocalReferenceOperation l when depth < 6:
                foreach (var value in locals.Of(l.Local))
                {
                    if (IsOtherContext(value, null, depth + 1)) return true;
                }
                return false;
            default:
                return false;
        }
    }
}
