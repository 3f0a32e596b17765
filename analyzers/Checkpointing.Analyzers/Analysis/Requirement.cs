using System.Collections.Immutable;
using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>Something a helper does without the lock, which its callers must therefore hold it for.</summary>
internal sealed class Requirement
{
    public Requirement(ISymbol unit, string stateName, bool isEmission, Location location, ImmutableArray<string> near, string direct, bool viaContract = false)
    {
        ViaContract = viaContract;
        Unit = unit;
        StateName = stateName;
        IsEmission = isEmission;
        Location = location;
        Near = near;
        Direct = direct;
    }

    public ISymbol Unit { get; }
    public string StateName { get; }
    public bool IsEmission { get; }
    public Location Location { get; }
    public ImmutableArray<string> Near { get; }

    /// <summary>True when the helper calls a [RequiresCheckpointLock] method (<see cref="StateName"/> is then that method).</summary>
    public bool ViaContract { get; }

    /// <summary>The first message argument if this is reported where it happens (helper never called).</summary>
    public string Direct { get; }
}

/// <summary>A call (or escaping method group) of a helper, with whether the lock was held there.</summary>
internal sealed class HelperCall
{
    public HelperCall(ISymbol caller, BodyKind callerKind, IMethodSymbol callee, bool held, Location location, ImmutableArray<string> near)
    {
        Caller = caller;
        CallerKind = callerKind;
        Callee = callee;
        Held = held;
        Location = location;
        Near = near;
    }

    public ISymbol Caller { get; }
    public BodyKind CallerKind { get; }
    public IMethodSymbol Callee { get; }
    public bool Held { get; }
    public Location Location { get; }
    public ImmutableArray<string> Near { get; }
}
