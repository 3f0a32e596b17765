using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Exemptions;

/// <summary>
/// The form of the CounterSource of Flink's documentation: IListCheckpointed&lt;T&gt; written by hand, with plain
/// fields. The fields SnapshotState reads are the state, so the same rule applies to them.
/// </summary>
public sealed class HandWrittenStateTests
{
    private static string Source(string run, string extra = "") => $$"""
        public sealed class Counter : RichParallelSourceFunction<long>, IListCheckpointed<long>
        {
            private long offset;
            private long unrelated;
            private volatile bool running = true;

            public override void Run(ISourceContext<long> ctx) { {{run}} }
            public override void Cancel() { running = false; {{extra}} }
            public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];
            public void RestoreState(IReadOnlyList<long> state) { foreach (var s in state) offset = s; }
        }
        """;

    [Fact]
    public Task Seed_CounterSource_is_accepted() => AnalyzerTest.Run(Source(
        "var gate = ctx.CheckpointLock; while (running) { lock (gate) { ctx.Collect(offset); offset += 1; } unrelated++; }"));

    [Fact]
    public Task Snapshotted_field_changed_without_the_lock_is_reported() => AnalyzerTest.Run(Source("", "{|#0:offset = 0|};"),
        new DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Field 'offset' (snapshotted by SnapshotState) is changed", ""));

    [Fact]
    public Task Unlocked_emission_is_reported() => AnalyzerTest.Run(Source(
        "while (running) { {|CKPT002:ctx.Collect(offset)|}; lock (ctx.CheckpointLock) { offset++; } }"));

    [Fact]
    public Task Generated_form_uses_only_the_attribute() => AnalyzerTest.Run("""
        public sealed partial class Counter : RichParallelSourceFunction<long>, ICheckpointedFunction
        {
            [Checkpointed] private long offset;
            private long scratch;
            public override void Run(ISourceContext<long> ctx) { scratch++; lock (ctx.CheckpointLock) { offset++; } }
            public override void Cancel() { }
            public void SnapshotState(ISnapshotContext context) { _ = scratch; }
            public void RestoreState(IRestoreContext context) { }
        }
        """);

    [Fact]
    public Task Parameter_named_like_a_field_does_not_make_it_state() => AnalyzerTest.Run("""
        public sealed class Stored : RichParallelSourceFunction<long>, ICheckpointedFunction
        {
            private ISourceContext<long>? context;
            private long offset;
            public override void Run(ISourceContext<long> ctx) { context = ctx; lock (ctx.CheckpointLock) { offset++; } }
            public override void Cancel() { context = null; }
            public void SnapshotState(ISnapshotContext context) { _ = offset; }
            public void RestoreState(IRestoreContext context) { }
        }
        """);
}
