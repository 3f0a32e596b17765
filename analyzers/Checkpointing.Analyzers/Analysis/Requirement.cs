using System.Collections.Immutable;
using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Exemptions;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// Something a helper does without the lock, which its callers must therefore hold it for — or, when
/// <see cref="Parameters"/> is not empty, pass the checkpoint lock for one of those parameters, whose object the
/// helper locks around the change (<c>void Step(object gate) { lock (gate) offset++; }</c>).
/// </summary>
internal sealed class Requirement
{
    public Requirement(ISymbol unit, string stateName, bool isEmission, Location location, ImmutableArray<string> near, string what, bool viaContract = false, ulong parameters = 0)
    {
        ViaContract = viaContract;
        Unit = unit;
        StateName = stateName;
        IsEmission = isEmission;
        Location = location;
        Near = near;
        What = what;
        Parameters = parameters;
    }

    public ISymbol Unit { get; }
    public string StateName { get; }
    public bool IsEmission { get; }
    public Location Location { get; }
    public ImmutableArray<string> Near { get; }

    /// <summary>True when the helper calls a [RequiresCheckpointLock] method (<see cref="StateName"/> is then that method).</summary>
    public bool ViaContract { get; }

    /// <summary>
    /// What happens, for the message: "[Checkpointed] field 'offset' is changed", "… is changed by the call to 'Inner'";
    /// for an emission "" or "by the call to 'Emit'".
    /// </summary>
    public string What { get; }

    /// <summary>Parameter ordinals of <see cref="Unit"/>: a call that passes the checkpoint lock for any of them satisfies this.</summary>
    public ulong Parameters { get; }

    /// <summary>The diagnostic where it happens (the helper is never called, or escapes as a delegate: <paramref name="escape"/>).</summary>
    public Diagnostic ToDiagnostic(string? escape)
    {
        var properties = escape is null ? null : ImmutableDictionary<string, string?>.Empty.Add(EscapeProperty, escape);
        if (IsEmission)
        {
            return Diagnostic.Create(Descriptors.EmissionNotAtomicWithState, Location, properties, StateName,
                escape is null ? Messages.EmittedUnlocked(What) : Messages.EmittedInEscaped(What, Unit.Name, escape));
        }
        return Diagnostic.Create(Descriptors.StateChangedWithoutLock, Location, properties,
            escape is null ? What : Messages.ChangedInEscaped(What, Unit.Name, escape), Messages.NearMatch(Near));
    }

    /// <summary>
    /// Set on diagnostics inside a method that escapes as a delegate: there the obligation cannot move to callers
    /// (there are none), so the code fix that adds [RequiresCheckpointLock] is not offered.
    /// </summary>
    public const string EscapeProperty = "EscapesAs";
}

/// <summary>A call (or synchronously run method group) of a helper, with what the lock situation was there.</summary>
internal sealed class HelperCall
{
    public HelperCall(ISymbol caller, BodyKind callerKind, bool callerDefersParameterLocks, IMethodSymbol callee, bool held, Location location, ImmutableArray<string> near,
        ulong lockArguments = 0, ImmutableArray<int> forwarded = default, ulong callerParameterLocks = 0)
    {
        Caller = caller;
        CallerKind = callerKind;
        CallerDefersParameterLocks = callerDefersParameterLocks;
        Callee = callee;
        Held = held;
        Location = location;
        Near = near;
        LockArguments = lockArguments;
        Forwarded = forwarded;
        CallerParameterLocks = callerParameterLocks;
    }

    public ISymbol Caller { get; }
    public BodyKind CallerKind { get; }

    /// <summary>The caller is a private or internal method: a requirement met by its own parameter locks moves to its calls.</summary>
    public bool CallerDefersParameterLocks { get; }

    public IMethodSymbol Callee { get; }
    public bool Held { get; }
    public Location Location { get; }
    public ImmutableArray<string> Near { get; }

    /// <summary>Callee parameter ordinals given the checkpoint lock at this call.</summary>
    public ulong LockArguments { get; }

    /// <summary>For each callee parameter ordinal, the caller's parameter passed straight on (or -1).</summary>
    public ImmutableArray<int> Forwarded { get; }

    /// <summary>The caller's parameters whose objects are locked at the call.</summary>
    public ulong CallerParameterLocks { get; }

    public bool Satisfies(Requirement requirement) => Held || (requirement.Parameters & LockArguments) != 0;

    /// <summary>The caller's parameters any of which, given the checkpoint lock, would satisfy the requirement here.</summary>
    public ulong CallerParametersFor(Requirement requirement)
    {
        var mask = CallerParameterLocks;
        if (Forwarded.IsDefault) return mask;
        for (var i = 0; i < Forwarded.Length && i < 64; i++)
        {
            if ((requirement.Parameters & (1UL << i)) != 0 && Forwarded[i] is >= 0 and < 64) mask |= 1UL << Forwarded[i];
        }
        return mask;
    }
}

/// <summary>A helper converted to a delegate that runs later (a timer, a thread, a task, an event, a stored field).</summary>
internal sealed class Escape
{
    public Escape(IMethodSymbol method, string description)
    {
        Method = method;
        Description = description;
    }

    public IMethodSymbol Method { get; }

    /// <summary>"passed to System.Threading.Timer at line 12".</summary>
    public string Description { get; }
}
