using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Emission;

/// <summary>CKPT002: Flink's rule that a source emits and updates its state in one block holding the lock.</summary>
public sealed class EmissionTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task Emit_and_update_in_one_block_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { while (running) { lock (ctx.CheckpointLock) { ctx.Collect(offset); offset++; } } }" + Cancel));

    [Fact]
    public Task Emit_and_update_in_two_blocks_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { while (running) { lock (ctx.CheckpointLock) { {|CKPT002:ctx.Collect(offset)|}; } lock (ctx.CheckpointLock) { offset++; } } }" + Cancel));

    [Fact]
    public Task Emit_after_the_block_that_updates_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { var gate = ctx.CheckpointLock; lock (gate) { offset++; } lock (gate) { {|CKPT002:ctx.Collect(offset)|}; } }" + Cancel));

    [Fact]
    public Task Emit_without_the_lock_in_a_stateful_source_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { {|CKPT002:ctx.Collect(1)|}; }" + Cancel));

    [Fact]
    public Task Emit_without_the_lock_in_a_stateless_source_is_accepted() => AnalyzerTest.Run("""
        public sealed class Stateless : RichParallelSourceFunction<long>
        {
            public override void Run(ISourceContext<long> ctx) { ctx.Collect(1); }
            public override void Cancel() { }
        }
        """);

    [Fact]
    public Task Emit_in_a_helper_called_under_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "private void Emit(ISourceContext<long> ctx) { ctx.Collect(offset); } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Emit(ctx); offset++; } }" + Cancel));

    [Fact]
    public Task Emit_in_a_helper_called_without_the_lock_is_reported_at_the_call() => AnalyzerTest.Run(Sources.Class(
        "private void Emit(ISourceContext<long> ctx) { ctx.Collect(offset); } public override void Run(ISourceContext<long> ctx) { {|CKPT002:Emit(ctx)|}; }" + Cancel));

    [Fact]
    public Task Emit_in_the_block_that_calls_an_updating_helper_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "private void Advance() { offset++; } public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { ctx.Collect(offset); Advance(); } lock (ctx.CheckpointLock) { items.Add(1); } }" + Cancel));

    [Fact]
    public Task Emit_through_Monitor_section_matching_the_update_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { Monitor.Enter(ctx.CheckpointLock); try { ctx.Collect(offset); offset++; } finally { Monitor.Exit(ctx.CheckpointLock); } }" + Cancel));

    [Fact]
    public Task Emit_in_a_ForEach_lambda_inside_the_updating_block_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { var batch = new List<long> { 1 }; lock (ctx.CheckpointLock) { batch.ForEach(v => ctx.Collect(v)); offset += batch.Count; } }" + Cancel));
}
