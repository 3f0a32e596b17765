namespace Checkpointing.Analyzers.Flow;

internal enum BranchLockKind
{
    /// <summary>The condition took the checkpoint lock (TryEnter succeeded).</summary>
    Acquires,

    /// <summary>The condition found the checkpoint lock held (Monitor.IsEntered).</summary>
    Held,

    /// <summary>The condition found the lock of a parameter held.</summary>
    ParameterHeld,
}

/// <summary>What a branch condition says about the lock, on the edge where <see cref="WhenTrue"/> is the condition's value.</summary>
internal readonly struct BranchLock
{
    public BranchLock(bool whenTrue, BranchLockKind kind, int parameter)
    {
        WhenTrue = whenTrue;
        Kind = kind;
        Parameter = parameter;
    }

    public bool WhenTrue { get; }
    public BranchLockKind Kind { get; }
    public int Parameter { get; }

    public LockState Apply(LockState state, object section) => Kind switch
    {
        BranchLockKind.Acquires => state.Enter(section),
        BranchLockKind.Held => state.Assert(section),
        _ => state.EnterParameter(Parameter),
    };
}
