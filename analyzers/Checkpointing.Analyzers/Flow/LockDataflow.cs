using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// Forward must-analysis of the lock state over a <see cref="ControlFlowGraph"/>: a lock held on only some
/// paths into a block is not held there. Finally regions are run on every branch that leaves through them,
/// and exception handlers start from the meet of every state in their try region.
/// </summary>
internal sealed class LockDataflow
{
    private readonly ControlFlowGraph cfg;
    private readonly LockSemantics semantics;
    private readonly LockState?[] input;
    private readonly Queue<int> worklist = new();
    private readonly bool[] queued;
    private int budget;

    private LockDataflow(ControlFlowGraph cfg, LockSemantics semantics)
    {
        this.cfg = cfg;
        this.semantics = semantics;
        input = new LockState?[cfg.Blocks.Length];
        queued = new bool[cfg.Blocks.Length];
        // Enough for any realistic graph; the lattice is finite, this only guards against a bug looping forever.
        budget = 64 * cfg.Blocks.Length + 64;
    }

    /// <summary>The state at the entry of every block (null: unreachable).</summary>
    public static LockState?[] Run(ControlFlowGraph cfg, LockSemantics semantics, LockState entry)
    {
        var flow = new LockDataflow(cfg, semantics);
        flow.Merge(0, entry);
        flow.Drain();
        return flow.input;
    }

    private void Drain()
    {
        while (worklist.Count > 0 && budget-- > 0)
        {
            var ordinal = worklist.Dequeue();
            queued[ordinal] = false;
            var state = input[ordinal];
            if (state is null) continue;
            var block = cfg.Blocks[ordinal];
            var output = Transfer(block, state);
            ToHandlers(block, state);
            ToHandlers(block, output);
            foreach (var (branch, branchState) in Successors(block, output))
            {
                if (branch.Destination is null) continue;
                Merge(branch.Destination.Ordinal, ThroughFinally(branch, branchState));
            }
        }
    }

    private LockState Transfer(BasicBlock block, LockState state)
    {
        foreach (var op in block.Operations) state = semantics.Apply(state, op);
        if (block.BranchValue is { } value) state = semantics.Apply(state, value);
        return state;
    }

    /// <summary>The successors with the state on each edge; a TryEnter or IsEntered condition holds the lock on one edge only.</summary>
    private IEnumerable<(ControlFlowBranch Branch, LockState State)> Successors(BasicBlock block, LockState output)
    {
        var whenTrue = output;
        var whenFalse = output;
        if (block.ConditionalSuccessor is not null && block.BranchValue is { } condition)
        {
            if (semantics.LockOnBranch(condition) is { } branchLock)
            {
                if (branchLock.WhenTrue) whenTrue = branchLock.Apply(output, condition.Syntax);
                else whenFalse = branchLock.Apply(output, condition.Syntax);
            }
        }
        var conditionalTaken = block.ConditionKind == ControlFlowConditionKind.WhenTrue ? whenTrue : whenFalse;
        var fallThrough = block.ConditionKind == ControlFlowConditionKind.WhenTrue ? whenFalse : whenTrue;
        if (block.ConditionalSuccessor is { } conditional) yield return (conditional, conditionalTaken);
        if (block.FallThroughSuccessor is { } next) yield return (next, block.ConditionalSuccessor is null ? output : fallThrough);
    }

    private void Merge(int ordinal, LockState state)
    {
        if ((uint)ordinal >= (uint)input.Length) return;
        var merged = LockState.Meet(input[ordinal], state);
        if (merged.Equals(input[ordinal])) return;
        input[ordinal] = merged;
        if (!queued[ordinal])
        {
            queued[ordinal] = true;
            worklist.Enqueue(ordinal);
        }
    }

    /// <summary>Any point of a try region may throw into its catch, filter or finally handlers.</summary>
    private void ToHandlers(BasicBlock block, LockState state)
    {
        // A lambda's graph hangs its root region under the enclosing graph's regions: stop at our own root.
        for (var region = block.EnclosingRegion; region is not null && !ReferenceEquals(region, cfg.Root); region = region.EnclosingRegion)
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } tryAnd) continue;
            foreach (var handler in tryAnd.NestedRegions)
            {
                if (!ReferenceEquals(handler, region)) Merge(handler.FirstBlockOrdinal, state);
            }
        }
    }

    /// <summary>Runs the finally regions a branch leaves through, in order (the finally of <c>lock</c> releases it).</summary>
    private LockState ThroughFinally(ControlFlowBranch branch, LockState state)
    {
        foreach (var region in branch.FinallyRegions) state = RunFinally(region, state);
        return state;
    }

    private LockState RunFinally(ControlFlowRegion region, LockState entry)
    {
        var local = new Dictionary<int, LockState>();
        var pending = new Queue<int>();
        local[region.FirstBlockOrdinal] = entry;
        pending.Enqueue(region.FirstBlockOrdinal);
        LockState? result = null;
        var steps = 16 * (region.LastBlockOrdinal - region.FirstBlockOrdinal + 1) + 16;
        while (pending.Count > 0 && steps-- > 0)
        {
            var ordinal = pending.Dequeue();
            var block = cfg.Blocks[ordinal];
            var output = Transfer(block, local[ordinal]);
            foreach (var (branch, branchState) in Successors(block, output))
            {
                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    result = LockState.Meet(result, branchState);
                    continue;
                }
                if (branch.Destination is not { } destination ||
                    destination.Ordinal < region.FirstBlockOrdinal || destination.Ordinal > region.LastBlockOrdinal) continue;
                var next = ThroughFinally(branch, branchState);
                local.TryGetValue(destination.Ordinal, out var previous);
                var merged = LockState.Meet(previous, next);
                if (merged.Equals(previous)) continue;
                local[destination.Ordinal] = merged;
                pending.Enqueue(destination.Ordinal);
            }
        }
        return result ?? entry;
    }
}
