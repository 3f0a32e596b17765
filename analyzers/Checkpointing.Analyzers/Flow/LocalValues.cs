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
                    foreach (var l in loop.Locals) unknown.Add(l);
                    break;
            }
        }
    }

    private void Add(ILocalSymbol local, IOperation value)
    {
        if (!values.TryGetValue(local, out var list)) values[local] = list = new List<IOperation>(1);
        list.Add(value);
    }

    /// <summary>All values given to the local, or empty when some write is not a plain assignment.</summary>
    public IReadOnlyList<IOperation> Of(ILocalSymbol local) =>
        !unknown.Contains(local) && values.TryGetValue(local, out var list) ? list : Array.Empty<IOperation>();
}
