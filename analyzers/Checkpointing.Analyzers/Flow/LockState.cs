using System.Collections.Immutable;

namespace Checkpointing.Analyzers.Flow;

/// <summary>
/// What is known about locks at one program point. <see cref="Held"/> is a must-fact (the checkpoint lock is
/// held on every path, counting re-entries); <see cref="Near"/> is a may-fact (other locks held on some path),
/// kept only to word the message. <see cref="Section"/> identifies the critical section (the Enter that took the
/// lock from zero) for CKPT002; it is <see cref="Mixed"/> where paths from different sections meet.
/// <see cref="ParamLocks"/> is a must-fact too: the parameters of the method (by ordinal, the first 64) whose object
/// is locked on every path, which is the checkpoint lock wherever a caller passes that lock for one of them.
/// </summary>
internal sealed class LockState : IEquatable<LockState>
{
    private const int MaxHeld = 8;
    public static readonly object Mixed = new();
    public static readonly LockState Unlocked = new(0, ImmutableArray<string>.Empty, null, 0);

    private LockState(int held, ImmutableArray<string> near, object? section, ulong paramLocks)
    {
        Held = held;
        Near = near;
        Section = section;
        ParamLocks = paramLocks;
    }

    public int Held { get; }
    public ImmutableArray<string> Near { get; }
    public object? Section { get; }
    public ulong ParamLocks { get; }
    public bool IsHeld => Held > 0;

    public static LockState HeldAtEntry(object section) => new(1, ImmutableArray<string>.Empty, section, 0);

    public LockState Enter(object section) =>
        new(Math.Min(MaxHeld, Held + 1), Near, Held == 0 ? section : Section, ParamLocks);

    /// <summary>
    /// A check that the lock is held (<c>Monitor.IsEntered</c>) passed: held from here on, but not entered again, so a
    /// later Exit of an enclosing <c>lock</c> still releases it (Clang's ASSERT_CAPABILITY).
    /// </summary>
    public LockState Assert(object section) => Held > 0 ? this : new(1, Near, section, ParamLocks);

    public LockState Exit() => Held <= 1 ? new(0, Near, null, ParamLocks) : new(Held - 1, Near, Section, ParamLocks);

    /// <summary>After an await the continuation may run on another thread: no Monitor ownership survives.</summary>
    public LockState DropOwnership() => Held == 0 && ParamLocks == 0 ? this : new(0, Near, null, 0);

    public LockState EnterOther(string description) =>
        Near.Contains(description) ? this : new(Held, Near.Add(description).Sort(StringComparer.Ordinal), Section, ParamLocks);

    public LockState ExitOther(string description) =>
        Near.Contains(description) ? new(Held, Near.Remove(description), Section, ParamLocks) : this;

    public LockState EnterParameter(int ordinal) => ordinal is < 0 or >= 64 ? this : new(Held, Near, Section, ParamLocks | (1UL << ordinal));

    public LockState ExitParameter(int ordinal) => ordinal is < 0 or >= 64 ? this : new(Held, Near, Section, ParamLocks & ~(1UL << ordinal));

    public static LockState Meet(LockState? a, LockState b)
    {
        if (a is null) return b;
        var held = Math.Min(a.Held, b.Held);
        var near = a.Near;
        foreach (var n in b.Near)
        {
            if (!near.Contains(n)) near = near.Add(n);
        }
        if (near.Length != a.Near.Length) near = near.Sort(StringComparer.Ordinal);
        object? section = held == 0 ? null : ReferenceEquals(a.Section, b.Section) ? a.Section : Mixed;
        return new LockState(held, near, section, a.ParamLocks & b.ParamLocks);
    }

    public bool Equals(LockState? other) =>
        other is not null && Held == other.Held && ParamLocks == other.ParamLocks && ReferenceEquals(Section, other.Section) && Near.SequenceEqual(other.Near);

    public override bool Equals(object? obj) => Equals(obj as LockState);

    public override int GetHashCode() => Held * 31 + Near.Length + (int)ParamLocks;
}
