using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>
/// Our own helpers that take the checkpoint lock around a delegate (<c>void Locked(Action a) { lock (gate) a(); }</c>)
/// run the lambda given to them under the lock — when their body provably calls the delegate inside that lock.
/// </summary>
public sealed class LockingDelegateHelperTests
{
    private const string Cancel = " public override void Cancel() { }";

    private const string Helpers = """
        private object? gate;
        private void Locked(Action action) { lock (gate!) action(); }
        private T Locked<T>(Func<T> func) { lock (gate!) { return func(); } }
        private static void LockedOn(object checkpointLock, Action action) { lock (checkpointLock) { action.Invoke(); } }
        private static T LockedOn<T>(object checkpointLock, Func<T> func) { lock (checkpointLock) return func(); }
        private static void LockedByContext(ISourceContext<long> context, Action action) { var g = context.CheckpointLock; lock (g) action(); }
        private void NotLocked(Action action) { action(); lock (gate!) { } }
        private void LockedThenLater(Action action) { lock (gate!) { ThreadPool.QueueUserWorkItem(_ => action()); } }
        private void OnlySometimesLocked(Action action, bool locked) { if (locked) { lock (gate!) action(); } else action(); }
        private void ExitsInside(Action action) { lock (gate!) { Monitor.Exit(gate); action(); Monitor.Enter(gate); } }
        private void LockedOnOther(Action action) { lock (this) action(); }
        """;

    private static string Source(string run) => Sources.Class(Helpers + "public override void Run(ISourceContext<long> ctx) { gate = ctx.CheckpointLock; " + run + " }" + Cancel);

    public static TheoryData<string> Held => new()
    {
        "Locked(() => offset++);",
        "Locked(() => { items.Add(1); ctx.Collect(offset); offset++; });",
        "var n = Locked(() => ++offset);",
        "LockedOn(ctx.CheckpointLock, () => offset++);",
        "var g = ctx.CheckpointLock; var n = LockedOn(g, () => { items.Clear(); return 1; });",
        "LockedByContext(ctx, () => offset++);",
    };

    [Theory]
    [MemberData(nameof(Held))]
    public Task Lambda_given_to_a_helper_that_locks_runs_under_the_lock(string run) => AnalyzerTest.Run(Source(run));

    public static TheoryData<string> NotHeld => new()
    {
        "NotLocked(() => {|CKPT001:offset++|});",
        "LockedThenLater(() => {|CKPT001:offset++|});",
        "OnlySometimesLocked(() => {|CKPT001:offset++|}, true);",
        "ExitsInside(() => {|CKPT001:offset++|});",
        "LockedOnOther(() => {|CKPT001:offset++|});",
        "LockedOn(this, () => {|CKPT001:offset++|});",
        "LockedOn(new object(), () => {|CKPT001:items.Add(1)|});",
    };

    [Theory]
    [MemberData(nameof(NotHeld))]
    public Task Lambda_given_to_a_helper_that_does_not_provably_lock_is_unlocked(string run) => AnalyzerTest.Run(Source(run));

    [Fact]
    public Task Helper_in_another_type_that_locks_a_parameter_is_recognised() => AnalyzerTest.Run("""
        internal static class Gate
        {
            public static void Run(object checkpointLock, Action action) { lock (checkpointLock) action(); }
        }
        """ + Sources.Class("public override void Run(ISourceContext<long> ctx) { Gate.Run(ctx.CheckpointLock, () => offset++); Gate.Run(this, () => {|CKPT001:offset--|}); }" + Cancel));
}
