using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Exemptions;

/// <summary>
/// [RequiresCheckpointLock] moves the obligation to the callers; private methods and local functions get it
/// inferred when every call holds the lock, and otherwise the unlocked call is reported.
/// </summary>
public sealed class HelperTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task RequiresCheckpointLock_body_may_change_state() => AnalyzerTest.Run(Sources.Class(
        "[RequiresCheckpointLock] public void Advance() { offset++; items.Add(offset); } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); } }" + Cancel));

    [Fact]
    public Task RequiresCheckpointLock_unlocked_call_is_reported_at_the_call() => AnalyzerTest.Run(Sources.Class(
        "[RequiresCheckpointLock] public void Advance() { offset++; } public override void Run(ISourceContext<long> ctx) { {|CKPT001:Advance()|}; }" + Cancel));

    [Fact]
    public Task RequiresCheckpointLock_method_group_escaping_is_reported() => AnalyzerTest.Run(Sources.Class(
        "[RequiresCheckpointLock] public void Advance() { offset++; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Task.Run({|CKPT001:Advance|}); } }" + Cancel));

    [Fact]
    public Task Private_helper_called_only_under_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "private void Advance() { offset++; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); } var gate = ctx.CheckpointLock; lock (gate) { Advance(); } }" + Cancel));

    [Fact]
    public Task Private_helper_called_once_without_the_lock_is_reported_at_that_call() => AnalyzerTest.Run(Sources.Class(
        "private void Advance() { offset++; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); } {|CKPT001:Advance()|}; }" + Cancel));

    [Fact]
    public Task Helper_requirement_propagates_through_helpers() => AnalyzerTest.Run(Sources.Class(
        "private void Inner() { items.Add(1); } private void Outer() { Inner(); } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Outer(); } {|CKPT001:Outer()|}; }" + Cancel));

    [Fact]
    public Task Helper_called_from_constructor_and_under_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public Fn() { Reset(); } private void Reset() { offset = 0; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Reset(); } }" + Cancel));

    [Fact]
    public Task Helper_never_called_is_judged_where_it_changes() => AnalyzerTest.Run(Sources.Class(
        "private void Unused() { {|CKPT001:offset = 1|}; } public override void Run(ISourceContext<long> ctx) { }" + Cancel));

    [Fact]
    public Task Helper_method_group_given_to_Task_Run_is_reported_inside_it() => AnalyzerTest.Run(Sources.Class(
        "private void Loop() { {|CKPT001:offset++|}; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Task.Run(Loop); } }" + Cancel));

    [Fact]
    public Task Helper_method_group_given_to_ForEach_under_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "private void Add(long v) { items.Add(v); } public override void Run(ISourceContext<long> ctx) { var batch = new List<long> { 1, 2 }; lock (ctx.CheckpointLock) { batch.ForEach(Add); } }" + Cancel));

    [Fact]
    public Task Local_function_called_under_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { void Step() { offset++; } lock (ctx.CheckpointLock) { Step(); } }" + Cancel));

    [Fact]
    public Task Local_function_called_without_the_lock_is_reported_at_the_call() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { void Step() { offset++; } {|CKPT001:Step()|}; }" + Cancel));

    [Fact]
    public Task Public_helper_is_judged_in_its_body() => AnalyzerTest.Run(Sources.Class(
        "public void Advance() { {|CKPT001:offset++|}; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); } }" + Cancel));

    [Fact]
    public Task Helper_taking_the_lock_itself_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "private void Advance(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { offset++; } } public override void Run(ISourceContext<long> ctx) { Advance(ctx); }" + Cancel));
}
