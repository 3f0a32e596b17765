using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Robustness;

/// <summary>
/// The analyzer runs on every keystroke: on incomplete or erroneous code it must not throw (no AD0001).
/// Compiler errors are expected here and ignored; any analyzer exception fails the test
/// (<see cref="Analysis.CheckpointLockAnalyzer.RethrowInternalErrors"/> is on in tests).
/// </summary>
public sealed class BrokenCodeTests
{
    public static TheoryData<string> Snippets => new()
    {
        "lock (ctx.CheckpointLock { offset++; }",
        "lock () { offset++; }",
        "lock (ctx.Missing) { offset++; }",
        "offset = ;",
        "offset +=",
        "Monitor.Enter(); offset++; Monitor.Exit(",
        "Monitor.TryEnter(ctx.CheckpointLock, ref undeclared); if (undeclared) offset++;",
        "(offset, ) = (1, 2);",
        "items.Add(",
        "unknown.Add(1); Unknown(ref offset);",
        "var x = () => { offset++ ",
        "Task.Run(() => lock (ctx.CheckpointLock) { offset++; });",
        "ref var r = ref ; r = 1;",
        "await Task.Delay(1); offset++;",
        "goto missing; offset++;",
        "try { offset++; } catch (NotAType) { } finally { Monitor.Exit(ctx.CheckpointLock); }",
        "lock (ctx.CheckpointLock) { yield return 1; }",
        "void Local( { offset++; } Local();",
        "switch (offset) { case : offset++; }",
        "OffsetRef( = 3;",
        "lock (ctx.CheckpointLock)",
        "Monitor.Enter(ctx.CheckpointLock; offset++;",
        "lock (ctx.CheckpointLock) { await Task.Yield(); offset++; }",
        "ctx.Collect(); ctx.Collect(1, 2); ctx.Collect(\"text\");",
        "items.ForEach(; Array.ForEach(array, );",
        "Task.Run(Missing); Task.Run(OffsetRef);",
        "var (a, b) = offset; (pair.A, pair.B) = offset;",
        "lock (ctx.CheckpointLock) { try { } finally { return; } }",
        "foreach (var i in offset) { i++; }",
        "this.offset.Nope = 3; point.Missing(); box.Nope++;",
        "new Source { offset = }; new Source() { nope = 1 };",
        "Interlocked.Increment(ref ctx.CheckpointLock);",
        // assertion guards
        "if (!Monitor.IsEntered()) throw; offset++;",
        "if (!Monitor.IsEntered(ctx.CheckpointLock)) throw new; offset++;",
        "System.Diagnostics.Debug.Assert(Monitor.IsEntered(ctx.CheckpointLock), ); offset++;",
        "System.Diagnostics.Debug.Assert(); Monitor.IsEntered(missing); offset++;",
        // writes through refs and spans
        "System.Runtime.InteropServices.CollectionsMarshal.AsSpan()[0] = 1;",
        "System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)[ = 1;",
        "Span<long> s = ; s[0] = 1; s.Fill(;",
        "new Span<long>().Slice(1)[0] = 2; new Span<long>(array, ).Clear();",
        "ref long r = ref OffsetRef(; r = 1; ref readonly var q = ref array[]; q.Nope();",
        "foreach (ref var x in array.AsSpan() { x = 0; }",
        "Array.Fill(); Array.Copy(array); Array.Clear(missing);",
        "array.AsSpan().CopyTo(); Missing.Write(array.AsSpan());",
        // delegates that escape, helpers that lock for a delegate, lock parameters
        "new Timer(Missing, null, 0, 1); new Thread(Nope).Start(); Task.Run(OffsetRef);",
        "var t = new Timer(ReadIn, null, 0, 1); Cancelled += ReadIn;",
        "Locked(() => offset++); LockedOn(ctx.CheckpointLock, () => offset++);",
        "Step(ctx.CheckpointLock); Step(); Step(1, 2, 3); Step(ref offset);",
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Broken_code_never_throws(string body)
    {
        var (diagnostics, failures) = await DirectRun.Analyze(Sources.InRun(body));
        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Theory]
    [InlineData("public sealed partial class Bad : RichParallelSourceFunction<long> { [Checkpointed] private long offset; public override void Run(ISourceContext<long> ctx) { offset++; ")]
    [InlineData("public sealed partial class Bad { [Checkpointed] public long P { get; set; } [Checkpointed] private long x = y; void M() { x++; P++; } }")]
    [InlineData("public sealed partial class Bad : ISinkFunction<long> { [Checkpointed] private long n; public void Invoke(long v, int extra) { n++; } }")]
    [InlineData("public sealed partial class Bad : RichParallelSourceFunction<long> { [Checkpointed] private long offset; [RequiresCheckpointLock] public Bad() { } public override void Run(ISourceContext<long> ctx) => offset++ public override void Cancel() { } }")]
    [InlineData("public sealed partial class Bad : RichParallelSourceFunction<long> { [Checkpointed] private long offset; private void Locked(Action a) { lock (gate) a(; } private static void LockedOn(object g, Action a) { lock (g a(); } private void Step(object g) { lock (g) { offset++; } Step(g, g); } private ref long At(int i) => ref ; private ref long Cur => ref offset[; public override void Run(ISourceContext<long> ctx) { Locked(() => offset++); LockedOn(ctx.CheckpointLock, () => offset++); Step(this); At(1) = 2; Cur = 3; new Timer(Step, null, 0, 1); } public override void Cancel() { } }")]
    [InlineData("public sealed partial class Bad : RichParallelSourceFunction<long> { [Checkpointed] private long offset; internal void Step(object g) { lock (g) { offset++; } } private void Deep(object a) => Deep(a); private void Loop(object a) { Loop2(a); } private void Loop2(object b) { Loop(b); lock (b) offset++; } public override void Run(ISourceContext<long> ctx) { Step(ctx.CheckpointLock); Loop(ctx.CheckpointLock); Loop(this); Deep(this); } public override void Cancel() { } }")]
    [InlineData("public partial class Generic<T> : RichParallelSourceFunction<T> { [Checkpointed] private List<T> seen = new(); public override void Run(ISourceContext<T> ctx) { lock (ctx.CheckpointLock) { seen.Add(default!); } seen.Clear(); } public override void Cancel() { } }")]
    public async Task Broken_types_never_throw(string source)
    {
        var (diagnostics, failures) = await DirectRun.Analyze(source);
        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Broken_code_still_gets_diagnostics_where_it_is_clear()
    {
        // The rule keeps working around an error elsewhere in the method.
        var (diagnostics, failures) = await DirectRun.Analyze(Sources.InRun("offset = ; count++;"));
        Assert.Empty(failures);
        Assert.Contains(diagnostics, d => d.Id == "CKPT001" && d.GetMessage().Contains("'count'", StringComparison.Ordinal));
    }
}
