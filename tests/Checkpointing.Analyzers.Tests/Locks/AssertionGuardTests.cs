using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>
/// A check that the lock is held whose failing branch leaves the method (throw, return) or an assertion establishes
/// the lock on the path after it (Clang's ASSERT_CAPABILITY); a check that does not leave establishes nothing.
/// </summary>
public sealed class AssertionGuardTests
{
    private const string Members = "private ISourceContext<long>? context; private readonly object other = new(); " +
                                   "public override void Run(ISourceContext<long> ctx) { context = ctx; } public override void Cancel() { } ";

    public static TheoryData<string> Guarded => new()
    {
        "public void Advance() { if (!Monitor.IsEntered(context!.CheckpointLock)) throw new InvalidOperationException(); offset++; items.Add(offset); }",
        "public void Advance() { if (!Monitor.IsEntered(context!.CheckpointLock)) { throw new InvalidOperationException(\"lock\"); } else { offset++; } items.Add(1); }",
        "public void Advance() { if (!Monitor.IsEntered(context!.CheckpointLock)) return; offset++; }",
        "public void Advance() { System.Diagnostics.Debug.Assert(Monitor.IsEntered(context!.CheckpointLock)); offset++; }",
        "public void Advance() { System.Diagnostics.Trace.Assert(Monitor.IsEntered(context!.CheckpointLock), \"caller locks\"); offset++; }",
        "public void Advance() { if (Monitor.IsEntered(context!.CheckpointLock)) { offset++; } }",
        "public void Advance(ISourceContext<long> ctx) { var gate = ctx.CheckpointLock; if (!Monitor.IsEntered(gate) || offset < 0) throw new InvalidOperationException(); offset++; }",
    };

    [Theory]
    [MemberData(nameof(Guarded))]
    public Task Guard_that_leaves_establishes_the_lock(string method) => AnalyzerTest.Run(Sources.Class(Members + method));

    public static TheoryData<string> NotGuarded => new()
    {
        // The failing branch falls through: nothing is established.
        "public void Advance() { if (!Monitor.IsEntered(context!.CheckpointLock)) Console.WriteLine(\"unlocked\"); {|CKPT001:offset++|}; }",
        // Checked on another lock.
        "public void Advance() { if (!Monitor.IsEntered(other)) throw new InvalidOperationException(); {|CKPT001:offset++|}; }",
        "public void Advance() { System.Diagnostics.Debug.Assert(!Monitor.IsEntered(context!.CheckpointLock)); {|CKPT001:offset++|}; }",
        // The branch where the check failed.
        "public void Advance() { if (Monitor.IsEntered(context!.CheckpointLock)) return; {|CKPT001:offset++|}; }",
        // A guard inside a lock does not outlive the lock: the enclosing lock's exit still releases it.
        "public void Advance(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { if (!Monitor.IsEntered(ctx.CheckpointLock)) throw new InvalidOperationException(); offset++; } {|CKPT001:offset++|}; }",
    };

    [Theory]
    [MemberData(nameof(NotGuarded))]
    public Task Guard_that_does_not_leave_establishes_nothing(string method) => AnalyzerTest.Run(Sources.Class(Members + method));
}
