using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>
/// A private or internal method that locks an object parameter (<c>void Step(object checkpointLock) { lock (checkpointLock) … }</c>)
/// holds the checkpoint lock exactly when its caller passes it; the obligation moves through helpers that pass the
/// parameter on, to any depth, and an unlocked call that passes something else is reported at the call.
/// </summary>
public sealed class LockParameterTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task Helper_locking_its_parameter_called_with_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object checkpointLock, long value) { lock (checkpointLock) { offset = value; items.Add(value); } }
        public override void Run(ISourceContext<long> ctx) { Step(ctx.CheckpointLock, 1); var gate = ctx.CheckpointLock; Step(gate, 2); }
        """ + Cancel));

    [Fact]
    public Task Helper_locking_its_parameter_called_with_another_object_is_reported_at_the_call() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object checkpointLock) { lock (checkpointLock) { offset++; } }
        public override void Run(ISourceContext<long> ctx) { Step(ctx.CheckpointLock); {|#0:Step(this)|}; }
        """ + Cancel),
        new DiagnosticResult("CKPT001", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("[Checkpointed] field 'offset' is changed by the call to 'Step'", ""));

    [Fact]
    public Task Call_holding_the_lock_satisfies_the_helper_whatever_it_is_given() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object any) { lock (any) { offset++; } }
        public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Step(new object()); } }
        """ + Cancel));

    [Fact]
    public Task Requirement_moves_through_helpers_that_pass_the_parameter_on() => AnalyzerTest.Run(Sources.Class("""
        private void Inner(object g) { lock (g) { offset++; } }
        private void Middle(object lockObject) { Inner(lockObject); }
        private void Outer(object o) { Middle(o); }
        public override void Run(ISourceContext<long> ctx) { Outer(ctx.CheckpointLock); {|CKPT001:Outer(new object())|}; }
        """ + Cancel));

    [Fact]
    public Task Monitor_Enter_on_the_parameter_counts_too() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object g)
        {
            var taken = false;
            try { Monitor.Enter(g, ref taken); offset++; }
            finally { if (taken) Monitor.Exit(g); }
        }
        public override void Run(ISourceContext<long> ctx) { Step(ctx.CheckpointLock); }
        """ + Cancel));

    [Fact]
    public Task Change_after_the_parameter_lock_is_released_is_still_required() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object g) { lock (g) { offset++; } items.Add(1); }
        public override void Run(ISourceContext<long> ctx) { {|CKPT001:Step(ctx.CheckpointLock)|}; lock (ctx.CheckpointLock) { Step(this); } }
        """ + Cancel));

    [Fact]
    public Task Internal_method_locking_its_parameter_is_judged_at_its_calls() => AnalyzerTest.Run(Sources.Class("""
        internal void Advance(object checkpointLock) { lock (checkpointLock) { offset++; } }
        public override void Run(ISourceContext<long> ctx) { Advance(ctx.CheckpointLock); {|CKPT001:Advance(new object())|}; }
        """ + Cancel));

    [Fact]
    public Task Internal_method_locking_its_parameter_and_never_called_is_judged_in_its_body() => AnalyzerTest.Run(Sources.Class("""
        internal void Advance(object checkpointLock) { lock (checkpointLock) { {|CKPT001:offset++|}; } }
        public override void Run(ISourceContext<long> ctx) { }
        """ + Cancel));

    [Fact]
    public Task Public_method_locking_its_parameter_is_judged_in_its_body() => AnalyzerTest.Run(Sources.Class("""
        public void Advance(object checkpointLock) { lock (checkpointLock) { {|CKPT001:offset++|}; } }
        public override void Run(ISourceContext<long> ctx) { Advance(ctx.CheckpointLock); }
        """ + Cancel));

    [Fact]
    public Task Helper_taking_the_context_locks_the_real_lock() => AnalyzerTest.Run(Sources.Class("""
        private void Emit(ISourceContext<long> context, long value) { lock (context.CheckpointLock) { context.Collect(value); offset = value; } }
        internal void EmitAll(ISourceContext<long> context) { foreach (var v in items.ToArray()) Emit(context, v); }
        public override void Run(ISourceContext<long> ctx) { EmitAll(ctx); }
        """ + Cancel));

    [Fact]
    public Task Local_function_locking_its_parameter() => AnalyzerTest.Run(Sources.Class("""
        public override void Run(ISourceContext<long> ctx)
        {
            void Step(object g) { lock (g) { offset++; } }
            Step(ctx.CheckpointLock);
            {|CKPT001:Step(this)|};
        }
        """ + Cancel));

    [Fact]
    public Task Helper_asserting_its_parameter_is_held() => AnalyzerTest.Run(Sources.Class("""
        private void Step(object g) { if (!Monitor.IsEntered(g)) throw new InvalidOperationException(); offset++; }
        public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Step(ctx.CheckpointLock); } {|CKPT001:Step(new object())|}; }
        """ + Cancel));
}
