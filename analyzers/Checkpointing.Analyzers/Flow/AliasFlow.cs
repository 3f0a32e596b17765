using Checkpointing.Analyzers.Mutations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// Reaching definitions for locals of one graph, reduced to one bit: may the local hold checkpointed state here?
/// It only ever narrows the flow-insensitive alias answer (<c>var b = box; b = new Box(); b.Value = 1;</c> is no
/// change); locals it has no fact about (captured from an enclosing method, or in handlers) keep that answer.
/// </summary>
internal sealed class AliasFlow
{
    private readonly ControlFlowGraph cfg;
    private readonly FlowCaptures captures;
    private readonly StateRoots roots;
    private readonly Dictionary<ILocalSymbol, bool>?[] input;

    public AliasFlow(ControlFlowGraph cfg, FlowCaptures captures, StateRoots roots)
    {
        this.cfg = cfg;
        this.captures = captures;
        this.roots = roots;
        input = new Dictionary<ILocalSymbol, bool>?[cfg.Blocks.Length];
        Run();
    }

    /// <summary>The facts at the entry of a block; callers copy and advance them with <see cref="Apply"/>.</summary>
    public Dictionary<ILocalSymbol, bool> At(int ordinal) =>
        input[ordinal] is { } facts ? new Dictionary<ILocalSymbol, bool>(facts, SymbolEqualityComparer.Default) : new Dictionary<ILocalSymbol, bool>(SymbolEqualityComparer.Default);

    public void Apply(Dictionary<ILocalSymbol, bool> facts, IOperation operation)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            // Implicit assignments (a foreach variable from Current) are left to the flow-insensitive answer.
            if (op is ISimpleAssignmentOperation { IsImplicit: false, Target: ILocalReferenceOperation target } assignment &&
                roots.CanAlias(target.Local))
            {
                using (roots.Facts(facts))
                {
                    facts[target.Local] = roots.Root(assignment.Value, captures) is not null;
                }
            }
        }
    }

    private void Run()
    {
        var budget = 16 * cfg.Blocks.Length + 16;
        for (var changed = true; changed && budget-- > 0;)
        {
            changed = false;
            foreach (var block in cfg.Blocks)
            {
                Dictionary<ILocalSymbol, bool>? merged = null;
                foreach (var predecessor in block.Predecessors)
                {
                    var source = predecessor.Source;
                    // A predecessor without facts (a handler, or not reached yet) may hold anything: no narrowing.
                    var facts = input[source.Ordinal] is null && source.Ordinal != 0
                        ? new Dictionary<ILocalSymbol, bool>(SymbolEqualityComparer.Default)
                        : At(source.Ordinal);
                    if (facts.Count > 0 || source.Ordinal == 0 || input[source.Ordinal] is not null)
                    {
                        foreach (var op in source.Operations) Apply(facts, op);
                    }
                    merged = merged is null ? facts : Meet(merged, facts);
                }
                if (block.Ordinal == 0) merged ??= new Dictionary<ILocalSymbol, bool>(SymbolEqualityComparer.Default);
                if (merged is null || Same(merged, input[block.Ordinal])) continue;
                input[block.Ordinal] = merged;
                changed = true;
            }
        }
    }

    /// <summary>May-alias: true wins; a local known on one side only stays unknown (no narrowing).</summary>
    private static Dictionary<ILocalSymbol, bool> Meet(Dictionary<ILocalSymbol, bool> a, Dictionary<ILocalSymbol, bool> b)
    {
        var result = new Dictionary<ILocalSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var pair in a)
        {
            if (b.TryGetValue(pair.Key, out var other)) result[pair.Key] = pair.Value || other;
        }
        return result;
    }

    private static bool Same(Dictionary<ILocalSymbol, bool> a, Dictionary<ILocalSymbol, bool>? b)
    {
        if (b is null || a.Count != b.Count) return false;
        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var other) || other != pair.Value) return false;
        }
        return true;
    }
}
