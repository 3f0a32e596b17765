using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>The unit a piece of code is judged as: the method, local function or lambda it belongs to, and its kind.</summary>
internal readonly struct Owner
{
    public Owner(ISymbol symbol, UnitKind kind)
    {
        Symbol = symbol;
        Kind = kind;
    }

    public ISymbol Symbol { get; }
    public UnitKind Kind { get; }
}
