using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>Delegates: which inherit the held lock and which start without it.</summary>
public sealed class DelegateTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task Event_handler_starts_without_the_lock() => AnalyzerTest.Run(Sources.Class(
        "public event EventHandler? Ticked; public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Ticked += (s, e) => {|CKPT001:offset++|}; } }" + Cancel));

    [Fact]
    public Task Local_function_given_to_Task_Run_is_reported_inside_it() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { void Step() { {|CKPT001:offset++|}; } lock (ctx.CheckpointLock) { Task.Run(Step); } }" + Cancel));

    [Fact]
    public Task Local_function_given_to_ForEach_under_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { void Add(long v) { items.Add(v); } var batch = new List<long> { 1 }; lock (ctx.CheckpointLock) { batch.ForEach(Add); } }" + Cancel));

    [Fact]
    public Task Nested_synchronous_lambdas_keep_the_lock() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { var batch = new List<List<long>> { new() { 1 } }; lock (ctx.CheckpointLock) { batch.ForEach(inner => inner.ForEach(v => items.Add(v))); } }" + Cancel));

    [Fact]
    public Task Lambda_taking_the_lock_itself_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { Task.Run(() => { lock (ctx.CheckpointLock) { offset++; } }); }" + Cancel));

    [Fact]
    public Task Helper_calling_a_contract_method_is_reported_through_the_helper() => AnalyzerTest.Run(Sources.Class(
        "[RequiresCheckpointLock] public void Advance() { offset++; } private void Step() { Advance(); } public override void Run(ISourceContext<long> ctx) { {|#0:Step()|}; }" + Cancel),
        new DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("'Advance' is marked [RequiresCheckpointLock] and is called through 'Step'", ""));

    [Fact]
    public Task Helper_call_message_names_field_and_helper() => AnalyzerTest.Run(Sources.Class(
        "private void Step() { offset++; } public override void Run(ISourceContext<long> ctx) { lock (this) { {|#0:Step()|}; } }" + Cancel),
        new DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("[Checkpointed] field 'offset' is changed by the call to 'Step'", " (the lock held is on 'this', not on the context's CheckpointLock)"));

    [Fact]
    public Task Synchronous_lambda_outside_the_lock_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { var batch = new List<long> { 1 }; batch.ForEach(v => {|CKPT001:items.Add(v)|}); Array.ForEach(new[] { 1L }, v => {|CKPT001:offset += v|}); }" + Cancel));

    [Fact]
    public Task Eager_LINQ_outside_the_lock_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { var any = new[] { 1 }.Any(v => { {|CKPT001:offset++|}; return true; }); }" + Cancel));

    [Fact]
    public Task Lambda_escaping_from_a_RequiresCheckpointLock_method_is_not_held() => AnalyzerTest.Run(Sources.Class(
        "[RequiresCheckpointLock] public void Schedule() { offset++; ThreadPool.QueueUserWorkItem(_ => {|CKPT001:offset++|}); } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Schedule(); } }" + Cancel));

    [Fact]
    public Task Delegate_stored_in_a_field_then_invoked_under_the_lock_is_still_reported() => AnalyzerTest.Run(Sources.Class(
        "private Action? step; public override void Run(ISourceContext<long> ctx) { step = () => {|CKPT001:offset++|}; lock (ctx.CheckpointLock) { step(); } }" + Cancel));

    private const string Retry = "private static void Retry(Action step) { for (var i = 0; i < 3; i++) { try { step(); return; } catch (InvalidOperationException) { } } } " +
                                 "private static void Later(Action step) { ThreadPool.QueueUserWorkItem(_ => step()); } ";

    [Fact]
    public Task Own_method_that_calls_its_delegate_at_once_keeps_the_lock() => AnalyzerTest.Run(Sources.Class(
        Retry + "public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Retry(() => offset++); } Retry(() => {|CKPT001:offset++|}); }" + Cancel));

    [Fact]
    public Task Own_method_that_defers_its_delegate_does_not_keep_the_lock() => AnalyzerTest.Run(Sources.Class(
        Retry + "public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Later(() => {|CKPT001:offset++|}); } }" + Cancel));
}
