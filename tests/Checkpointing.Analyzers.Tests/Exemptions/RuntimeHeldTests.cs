using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Exemptions;

/// <summary>Methods the runtime calls while it holds the checkpoint lock (docs/api.md §3) may change state freely.</summary>
public sealed class RuntimeHeldTests
{
    private static string Sink(string bases, string members) => $$"""
        public sealed partial class Sink : {{bases}}
        {
            [Checkpointed] private long seen;
            [Checkpointed] private List<long> pending = new();
            {{members}}
        }
        """;

    [Fact]
    public Task Sink_Invoke_holds_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>",
        "public void Invoke(long value) { seen++; pending.Add(value); } public void Flush() { {|CKPT001:pending.Clear()|}; }"));

    [Fact]
    public Task Rich_sink_Invoke_override_holds_the_lock() => AnalyzerTest.Run(Sink("RichSinkFunction<long>",
        "public override void Invoke(long value) { seen += value; }"));

    [Fact]
    public Task Hand_written_CheckpointedFunction_holds_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>, ICheckpointedFunction",
        "public void Invoke(long value) { } public void SnapshotState(ISnapshotContext context) { pending.Clear(); } public void RestoreState(IRestoreContext context) { seen = 0; }"));

    [Fact]
    public Task ListCheckpointed_methods_hold_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>, IListCheckpointed<long>",
        "public void Invoke(long value) { } public IReadOnlyList<long> SnapshotState(long id, long ts) { seen = id; return pending; } public void RestoreState(IReadOnlyList<long> state) { pending = new List<long>(state); }"));

    [Fact]
    public Task Listener_methods_hold_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>, ICheckpointListener",
        "public void Invoke(long value) { } public void NotifyCheckpointComplete(long id) { pending.Clear(); } public void NotifyCheckpointAborted(long id) { seen = 0; }"));

    [Fact]
    public Task OnSnapshot_holds_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>",
        "public void Invoke(long value) { } partial void OnSnapshot(SnapshotInfo info); partial void OnSnapshot(SnapshotInfo info) { seen = info.CheckpointId; }"));

    [Fact]
    public Task Two_phase_commit_hooks_hold_the_lock() => AnalyzerTest.Run(Sink("TwoPhaseCommitSinkFunction<long, List<long>>",
        "protected override List<long> BeginTransaction() { seen++; return new(); } protected override void Invoke(List<long> txn, long value) { pending.Add(value); } protected override void PreCommit(List<long> txn) { seen++; } protected override void Commit(List<long> txn) { pending.Clear(); } protected override void Abort(List<long> txn) { pending.Clear(); }"));

    [Fact]
    public Task Two_phase_commit_recovery_hooks_hold_the_lock() => AnalyzerTest.Run(Sink("TwoPhaseCommitSinkFunction<long, List<long>>",
        "protected override List<long> BeginTransaction() => new(); protected override void Invoke(List<long> txn, long value) { } protected override void PreCommit(List<long> txn) { } protected override void Commit(List<long> txn) { } protected override void Abort(List<long> txn) { } " +
        "protected override void RecoverAndCommit(List<long> txn) { seen++; } protected override void RecoverAndAbort(List<long> txn) { pending.Clear(); } public void Poke() { {|CKPT001:seen = 0|}; }"));

    [Fact]
    public Task Map_function_holds_the_lock() => AnalyzerTest.Run(Sink("ISinkFunction<long>",
        "public void Invoke(long value) { } public void Wire(DataStream<long> stream) { stream.Map(x => { seen++; return x; }); stream.Map(Count); } private long Count(long x) { pending.Add(x); return x; }"));

    [Fact]
    public Task Callback_escaping_from_a_held_method_is_not_held() => AnalyzerTest.Run(Sink("ISinkFunction<long>",
        "public void Invoke(long value) { Task.Run(() => {|CKPT001:seen++|}); }"));

    [Fact]
    public Task Other_methods_of_a_sink_do_not_hold_it() => AnalyzerTest.Run(Sink("RichSinkFunction<long>",
        "public override void Invoke(long value) { } public override void Open() { seen = 0; } public override void Close() { {|CKPT001:seen = -1|}; }"));
}
