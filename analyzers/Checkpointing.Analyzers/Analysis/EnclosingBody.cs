using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>The body a piece of code is judged as: the method, local function or lambda it belongs to, and its kind.</summary>
internal readonly struct EnclosingBody
{
    public EnclosingBody(ISymbol symbol, BodyKind kind)
    {
        Symbol = symbol;
        Kind = kind;
    }

    public ISymbol Symbol { get; }
    public BodyKind Kind { get; }
}
