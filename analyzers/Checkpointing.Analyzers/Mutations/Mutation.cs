using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Mutations;

/// <summary>One change of checkpointed state: the field (or the auto-property over it) and the operation that changes it.</summary>
internal readonly struct Mutation
{
    public Mutation(ISymbol state, IOperation operation)
    {
        State = state;
        Operation = operation;
    }

    public ISymbol State { get; }
    public IOperation Operation { get; }
}
