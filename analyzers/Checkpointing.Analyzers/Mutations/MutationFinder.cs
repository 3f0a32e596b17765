using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Mutations;

/// <summary>
/// Finds every change of checkpointed state inside one operation of a control flow graph:
/// assignments of all kinds, ref/out arguments by the parameter's RefKind, ref locals and ref returns,
/// struct members and non-readonly struct calls, collection mutators, and member writes through
/// a checkpointed object or a local that aliases it.
/// </summary>
internal sealed class MutationFinder
{
    private readonly KnownSymbols known;
    private readonly LocalValues locals;
    private readonly StateRoots roots;
    private readonly CancellationToken cancellationToken;

    public MutationFinder(KnownSymbols known, LocalValues locals, CancellationToken cancellationToken)
    {
        this.known = known;
        this.locals = locals;
        this.cancellationToken = cancellationToken;
        roots = new StateRoots(known, locals, cancellationToken);
    }

    /// <summary>The root resolver, so the walker can give it flow facts for the operation being judged.</summary>
    public StateRoots Roots => roots;

    public void Find(IOperation operation, FlowCaptures captures, List<Mutation> into)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            switch (op)
            {
                case ISimpleAssignmentOperation assignment:
                    // `r = ref other` rebinds a ref local; it changes nothing it pointed at.
                    if (!assignment.IsRef) Target(assignment.Target, op, captures, into);
                    break;
                case ICompoundAssignmentOperation compound:
                    Target(compound.Target, op, captures, into);
                    break;
                case IIncrementOrDecrementOperation increment:
                    Target(increment.Target, op, captures, into);
                    break;
                case ICoalesceAssignmentOperation coalesce:
                    Target(coalesce.Target, op, captures, into);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    Target(deconstruction.Target, op, captures, into);
                    break;
                case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                    // `in` and `ref readonly` parameters only read.
                    Target(argument.Value, argument.Value, captures, into);
                    break;
                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation called } argument when WritesThroughSpan(called.TargetMethod, parameter):
                    // A writable span handed to a method is like a ref argument: the method may write through it.
                    Target(argument.Value, argument.Value, captures, into);
                    break;
                case IInvocationOperation { Instance: { } instance } invocation:
                    Invocation(invocation, instance, captures, into);
                    break;
                case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.SpecialType: SpecialType.System_Array } method } invocation
                    when ArrayWrittenBy(method) is { } written && written < invocation.Arguments.Length:
                    // Array.Fill(array, 0), Array.Clear(array), Array.Sort(array), Array.Copy(source, destination, n)
                    Target(invocation.Arguments[written].Value, invocation, captures, into);
                    break;
            }
        }
    }

    private void Invocation(IInvocationOperation invocation, IOperation instance, FlowCaptures captures, List<Mutation> into)
    {
        var method = invocation.TargetMethod;
        if (known.IsWritableView(instance.Type))
        {
            // span.Fill(0), span.Clear(): Span is a readonly struct, yet these write the memory it views.
            if (method.Name is "Fill" or "Clear" && roots.Root(instance, captures) is { } viewed) into.Add(new Mutation(viewed, invocation));
            return;
        }
        // A struct changes only through a non-readonly method (TimeSpan.Add returns a new value);
        // a reference type through the known collection mutators or a method of ours that changes its own fields.
        var isStruct = instance.Type?.IsValueType == true;
        var changes = isStruct
            ? IsMutatingStructCall(method, instance, captures)
            : CollectionMutators.IsMutator(method) || known.Summaries.ChangesOwnState(method, cancellationToken);
        if (!changes) return;
        var state = roots.Root(instance, captures);
        if (state is not null) into.Add(new Mutation(state, invocation));
    }

    /// <summary>
    /// A non-readonly method of a struct stored in a (non-readonly) field may change the field in place. Our own
    /// structs are judged by what the method body writes; for others, the object members that never write
    /// (ValueTuple.ToString, Equals, …) are not changes.
    /// </summary>
    private bool IsMutatingStructCall(IMethodSymbol method, IOperation instance, FlowCaptures captures)
    {
        var type = instance.Type;
        if (type is null || !type.IsValueType || method.IsReadOnly || type.IsReadOnly) return false;
        // A readonly field, a `ref readonly` local or a `ref readonly` return is copied before the call (defensive
        // copy), so it is never changed.
        switch (captures.Unwrap(instance))
        {
            case IFieldReferenceOperation { Field.IsReadOnly: true }:
            case ILocalReferenceOperation { Local.RefKind: RefKind.RefReadOnly }:
            case IInvocationOperation { TargetMethod.ReturnsByRefReadonly: true }:
            case IPropertyReferenceOperation { Property.ReturnsByRefReadonly: true }:
                return false;
        }
        if (!method.DeclaringSyntaxReferences.IsEmpty) return known.Summaries.ChangesOwnState(method, cancellationToken);
        return method.Name is not ("ToString" or "GetHashCode" or "Equals" or "CompareTo" or "GetType" or "Deconstruct" or "TryFormat");
    }

    /// <summary>
    /// Whether a method may write through its Span&lt;T&gt;/Memory&lt;T&gt; parameter. Methods that return a view
    /// (MemoryMarshal.Cast, Slice-like helpers) only pass it on; of MemoryExtensions, whose many readers also take
    /// Span&lt;T&gt;, only the writers (Reverse, Sort, Replace, a CopyTo destination) write.
    /// </summary>
    private bool WritesThroughSpan(IMethodSymbol method, IParameterSymbol parameter)
    {
        if (!known.IsWritableView(parameter.Type) || method.ReturnsByRef || known.IsWritableView(method.ReturnType)) return false;
        if (method.ContainingType is { Name: "MemoryExtensions", ContainingNamespace.Name: "System" })
            return parameter.Name == "destination" || (parameter.Ordinal == 0 && method.Name is "Reverse" or "Sort" or "Replace");
        return true;
    }

    /// <summary>The argument a static System.Array method writes, or null.</summary>
    private static int? ArrayWrittenBy(IMethodSymbol method) => method.Name switch
    {
        "Fill" or "Clear" or "Sort" or "Reverse" => 0,
        "Copy" or "ConstrainedCopy" => method.Parameters.Length == 3 ? 1 : 2,
        _ => null,
    };

    private void Target(IOperation target, IOperation at, FlowCaptures captures, List<Mutation> into)
    {
        var op = captures.Unwrap(target);
        switch (op)
        {
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements) Target(element, element, captures, into);
                return;
            case IDeclarationExpressionOperation:
                return;
            case ILocalReferenceOperation local:
                // Assigning a local changes the local, unless it is a ref local bound to state.
                if (local.Local.IsRef && roots.Root(local, captures) is { } aliased) into.Add(new Mutation(aliased, at));
                return;
        }
        var state = roots.Root(op, captures);
        if (state is not null) into.Add(new Mutation(state, at));
    }
}
