using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// The values behind a control flow graph's flow captures. The CFG spills <c>lock</c> operands, <c>?.</c> receivers and
/// the like into captures; looking through them recovers the expression the user wrote.
/// </summary>
internal sealed class FlowCaptures
{
    private readonly Dictionary<CaptureId, List<IOperation>> values = new();

    public FlowCaptures(ControlFlowGraph cfg)
    {
        foreach (var block in cfg.Blocks)
        {
            foreach (var op in block.Operations) Collect(op);
            if (block.BranchValue is { } branch) Collect(branch);
        }
    }

    private void Collect(IOperation root)
    {
        foreach (var op in root.DescendantsAndSelf())
        {
            if (op is IFlowCaptureOperation capture)
            {
                if (!values.TryGetValue(capture.Id, out var list)) values[capture.Id] = list = new List<IOperation>(1);
                list.Add(capture.Value);
            }
        }
    }

    public IReadOnlyList<IOperation> Of(CaptureId id) =>
        values.TryGetValue(id, out var list) ? list : Array.Empty<IOperation>();

    /// <summary>Strips conversions and parentheses (where no flow captures are known).</summary>
    public static IOperation Strip(IOperation op)
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

    /// <summary>Strips conversions, parentheses and single-valued captures.</summary>
    public IOperation Unwrap(IOperation op)
    {
        for (var guard = 0; guard < 16; guard++)
        {
            switch (op)
            {
                case IConversionOperation conversion:
                    op = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    op = parenthesized.Operand;
                    continue;
                case IFlowCaptureReferenceOperation reference when Of(reference.Id) is { Count: 1 } single:
                    op = single[0];
                    continue;
            }
            break;
        }
        return op;
    }
}
