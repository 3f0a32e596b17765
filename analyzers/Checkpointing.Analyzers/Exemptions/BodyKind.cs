namespace Checkpointing.Analyzers.Exemptions;

/// <summary>How the body of one method, local function or lambda is judged.</summary>
internal enum BodyKind
{
    /// <summary>Starts without the lock; unlocked changes are reported where they happen.</summary>
    Normal,

    /// <summary>The runtime (or a REQUIRES contract) guarantees the lock at entry.</summary>
    HeldAtEntry,

    /// <summary>Constructors, Open(), OnRestored: no other thread can see the object yet.</summary>
    Exempt,

    /// <summary>
    /// Private methods and local functions: unlocked changes become a requirement on the callers,
    /// reported at each call that does not hold the lock (RacerD-style summary, Clang's REQUIRES inferred).
    /// </summary>
    Helper,
}
