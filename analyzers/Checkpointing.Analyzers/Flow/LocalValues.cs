using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// Every value a local is ever given inside one member body (lambdas and local functions included),
/// collected once from the operation tree so lock and alias questions about a local are flow-insensitive lookups.
/// </summary>
internal sealed class LocalValues
{
    private readonly Dictionary<ILocalSymbol, List<IOperation>> values = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> unknown = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, int> firstShared = new(SymbolEqualityComparer.Default);

    public LocalValues(IOperation root)
    {
        foreach (var op in root.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer: { } init } declarator:
                    Add(declarator.Symbol, init.Value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    Add(local.Local, assignment.Value);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (target is ILocalReferenceOperation l) unknown.Add(l.Local);
                    }
                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation l } argument
                    when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                    unknown.Add(l.Local);
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol l }:
                    unknown.Add(l);
                    break;
                case IForEachLoopOperation loop:
                    // The iteration variable holds the collection's elements: through it, an element of
                    // checkpointed state can be changed (`foreach (var b in boxes) b.Value = 1;`).
                    foreach (var l in loop.Locals) Add(l, loop.Collection);
                    break;
                case ILocalReferenceOperation reference when IsShared(reference):
                    var start = reference.Syntax.SpanStart;
                    if (!firstShared.TryGetValue(reference.Local, out var earlier) || start < earlier) firstShared[reference.Local] = start;
                    break;
            }
        }
    }

    private void Add(ILocalSymbol local, IOperation value)
    {
        if (!values.TryGetValue(local, out var list)) values[local] = list = new List<IOperation>(1);
        list.Add(value);
    }

    /// <summary>
    /// A use that may hand the object to someone else: anything but being the receiver of a member access or the
    /// target of an assignment (passed as an argument, stored, returned, converted, captured in a collection…).
    /// </summary>
    private static bool IsShared(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IMemberReferenceOperation member => !ReferenceEquals(member.Instance, reference),
        IInvocationOperation invocation => !ReferenceEquals(invocation.Instance, reference),
        ISimpleAssignmentOperation assignment => !ReferenceEquals(assignment.Target, reference),
        IExpressionStatementOperation => false,
        _ => true,
    };

    /// <summary>True when the local may have been shared before <paramref name="position"/> (in source order).</summary>
    public bool SharedBefore(ILocalSymbol local, int position) =>
        firstShared.TryGetValue(local, out var start) && start < position;

    /// <summary>All values given to the local, or empty when some write is not a plain assignment.</summary>
    public IReadOnlyList<IOperation> Of(ILocalSymbol local) =>
        !unknown.Contains(local) && values.TryGetValue(local, out var list) ? list : Array.Empty<IOperation>();
}
