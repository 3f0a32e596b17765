using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>Where the checkpoint lock counts as held: <c>lock</c>, Monitor, copies of the lock, every path.</summary>
public sealed class LockFormTests
{
    public static TheoryData<string> Held => new()
    {
        "lock (ctx.CheckpointLock) { offset++; }",
        "var gate = ctx.CheckpointLock; lock (gate) { offset++; }",
        "object gate = ctx.CheckpointLock; var again = gate; lock (again) { offset++; }",
        "lock (ctx.CheckpointLock) { lock (ctx.CheckpointLock) { } offset++; }",
        "lock (ctx.CheckpointLock) { if (running) { offset++; } else { count++; } }",
        "lock (ctx.CheckpointLock) { while (running) { offset++; } }",
        "lock (ctx.CheckpointLock) { try { offset++; } catch (Exception) { count++; } }",
        "while (running) { lock (ctx.CheckpointLock) { offset++; } }",
        "Monitor.Enter(ctx.CheckpointLock); try { offset++; } finally { Monitor.Exit(ctx.CheckpointLock); }",
        "var gate = ctx.CheckpointLock; Monitor.Enter(gate); offset++; Monitor.Exit(gate);",
        "bool taken = false; try { Monitor.Enter(ctx.CheckpointLock, ref taken); offset++; } finally { if (taken) Monitor.Exit(ctx.CheckpointLock); }",
        "if (Monitor.TryEnter(ctx.CheckpointLock)) { try { offset++; } finally { Monitor.Exit(ctx.CheckpointLock); } }",
        "if (!Monitor.TryEnter(ctx.CheckpointLock, 100)) return; offset++; Monitor.Exit(ctx.CheckpointLock);",
        "bool taken = false; Monitor.TryEnter(ctx.CheckpointLock, ref taken); if (taken) { offset++; Monitor.Exit(ctx.CheckpointLock); }",
        "lock (ctx.CheckpointLock) { Monitor.Wait(ctx.CheckpointLock, 10); offset++; }",
        "lock (ctx.CheckpointLock) { items.ForEach(i => offset += i); }",
        "lock (ctx.CheckpointLock) { Array.ForEach(array, i => count++); }",
        "lock (ctx.CheckpointLock) { var any = items.Any(i => { offset++; return true; }); }",
        "lock ((object)ctx.CheckpointLock) { offset++; }",
    };

    [Theory]
    [MemberData(nameof(Held))]
    public Task Change_under_the_lock_is_accepted(string body) => AnalyzerTest.Run(Sources.InRun(body));

    public static TheoryData<string> NotHeld => new()
    {
        "lock (ctx.CheckpointLock) { } {|CKPT001:offset++|};",
        "if (running) Monitor.Enter(ctx.CheckpointLock); {|CKPT001:offset++|}; Monitor.Exit(ctx.CheckpointLock);",
        "Monitor.Enter(ctx.CheckpointLock); Monitor.Exit(ctx.CheckpointLock); {|CKPT001:offset++|};",
        "if (Monitor.TryEnter(ctx.CheckpointLock)) { } {|CKPT001:offset++|};",
        "if (Monitor.TryEnter(ctx.CheckpointLock)) { } else { {|CKPT001:offset++|}; }",
        "bool taken = false; Monitor.TryEnter(ctx.CheckpointLock, ref taken); {|CKPT001:offset++|};",
        "lock (ctx.CheckpointLock) { if (running) break0(); } {|CKPT001:offset++|}; void break0() { }",
        "lock (ctx.CheckpointLock) { Task.Run(() => {|CKPT001:offset++|}); }",
        "lock (ctx.CheckpointLock) { ThreadPool.QueueUserWorkItem(_ => {|CKPT001:offset++|}); }",
        "lock (ctx.CheckpointLock) { Action later = () => {|CKPT001:offset++|}; later(); }",
        "lock (ctx.CheckpointLock) { Parallel.For(0, 3, i => {|CKPT001:offset++|}); }",
        "lock (ctx.CheckpointLock) { var lazy = items.Select(i => {|CKPT001:offset++|}); }",
        "lock (ctx.CheckpointLock) { var timer = new Timer(_ => {|CKPT001:count++|}, null, 0, 10); }",
        "lock (ctx.CheckpointLock) { } Task.Run(() => { lock (ctx.CheckpointLock) { offset++; } {|CKPT001:count++|}; });",
        "for (var i = 0; i < 3; i++) { if (i == 0) Monitor.Enter(ctx.CheckpointLock); {|CKPT001:offset++|}; }",
    };

    [Theory]
    [MemberData(nameof(NotHeld))]
    public Task Lock_not_held_on_every_path_is_reported(string body) => AnalyzerTest.Run(Sources.InRun(body));

    [Fact]
    public Task Field_assigned_only_from_the_context_counts_as_the_lock() => AnalyzerTest.Run(Sources.InRun(
        "gate = ctx.CheckpointLock; lock (gate) { offset++; }",
        "private object? gate;"));

    [Fact]
    public Task Field_assigned_from_something_else_too_does_not_count() => AnalyzerTest.Run(Sources.InRun(
        "gate = ctx.CheckpointLock; lock (gate) { {|CKPT001:offset++|}; }",
        "private object gate = new object();"));

    [Fact]
    public Task Local_reassigned_to_another_object_does_not_count() => AnalyzerTest.Run(Sources.InRun(
        "var gate = ctx.CheckpointLock; if (running) gate = new object(); lock (gate) { {|CKPT001:offset++|}; }"));

    [Fact]
    public Task Helper_given_the_context_holds_its_lock() => AnalyzerTest.Run(Sources.InRun(
        "Step(ctx);",
        "public void Step(ISourceContext<long> c) { lock (c.CheckpointLock) { offset++; c.Collect(offset); } }"));
}

/// <summary>Early exits, loops and exceptions inside and around the lock.</summary>
public sealed class LockFlowTests
{
    public static TheoryData<string> Bodies => new()
    {
        "lock (ctx.CheckpointLock) { if (!running) return; offset++; }",
        "while (running) { lock (ctx.CheckpointLock) { if (offset > 5) break; offset++; } }",
        "foreach (var i in new[] { 1, 2 }) { lock (ctx.CheckpointLock) { if (i == 1) continue; offset += i; } }",
        "lock (ctx.CheckpointLock) { try { offset++; throw new InvalidOperationException(); } catch (InvalidOperationException) { offset--; } }",
        "lock (ctx.CheckpointLock) { using (var scope = new System.IO.MemoryStream()) { offset++; } }",
        "lock (ctx.CheckpointLock) { switch (count) { case 0: offset = 0; break; default: offset++; break; } }",
        "lock (ctx.CheckpointLock) { offset = running ? offset + 1 : 0; items.Add(offset); }",
        "lock (ctx.CheckpointLock) { do { offset++; } while (offset < 3); }",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public Task Flow_inside_the_lock_keeps_it(string body) => AnalyzerTest.Run(Sources.InRun(body));

    public static TheoryData<string> Leaks => new()
    {
        "lock (ctx.CheckpointLock) { if (!running) goto done; } {|CKPT001:offset++|}; done: return;",
        "try { lock (ctx.CheckpointLock) { offset++; throw new InvalidOperationException(); } } catch (InvalidOperationException) { {|CKPT001:offset--|}; }",
        "while (running) { lock (ctx.CheckpointLock) { if (offset > 5) break; } {|CKPT001:offset++|}; }",
        "Monitor.Enter(ctx.CheckpointLock); try { if (running) Monitor.Exit(ctx.CheckpointLock); {|CKPT001:offset++|}; } finally { }",
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public Task Paths_that_leave_the_lock_are_reported(string body) => AnalyzerTest.Run(Sources.InRun(body));
}
