using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Mutations;

/// <summary>Precision: methods that return a new value, initializers and contexts kept in fields.</summary>
public sealed class ValueSemanticsTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task Readonly_struct_Add_returns_a_new_value() => AnalyzerTest.Run(Sources.Class(
        "[Checkpointed] private TimeSpan elapsed; public override void Run(ISourceContext<long> ctx) { var later = elapsed.Add(TimeSpan.FromSeconds(1)); var s = elapsed.ToString(); }" + Cancel));

    [Fact]
    public Task Immutable_collection_Add_is_not_a_change_but_its_assignment_is() => AnalyzerTest.Run(Sources.Class(
        "[Checkpointed] private System.Collections.Immutable.ImmutableList<long> log = System.Collections.Immutable.ImmutableList<long>.Empty; public override void Run(ISourceContext<long> ctx) { var next = log.Add(1); {|CKPT001:log = log.Add(2)|}; }" + Cancel));

    [Fact]
    public Task Collection_initializer_of_a_field_is_exempt() => AnalyzerTest.Run(Sources.Class(
        "[Checkpointed] private List<long> seeded = new() { 1, 2 }; [Checkpointed] private Dictionary<string, long> byKey = new() { [\"a\"] = 1 }; " + Sources.EmptyRunAndCancel));

    [Fact]
    public Task Context_stored_in_a_field_is_this_sources_lock() => AnalyzerTest.Run(Sources.Class(
        "private ISourceContext<long>? context; public override void Run(ISourceContext<long> ctx) { context = ctx; lock (context.CheckpointLock) { offset++; } }" + Cancel));

    [Fact]
    public Task Auto_property_with_field_target_is_state() => AnalyzerTest.Run(Sources.Class(
        "[field: Checkpointed] public long Position { get; private set; } public override void Run(ISourceContext<long> ctx) { {|CKPT001:Position = 4|}; lock (ctx.CheckpointLock) { Position++; } }" + Cancel));

    [Fact]
    public Task Writes_to_a_checkpointed_field_of_another_type_are_checked() => AnalyzerTest.Run(
        "public sealed class Holder { [Checkpointed] public long Shared; }\npublic static class Poker { public static void Poke(Holder h) { {|CKPT001:h.Shared = 1|}; } }");

    private const string Tally = "public sealed class Tally { private long n; private readonly List<long> seen = new(); public void Bump() { n++; } public void Note(long v) => seen.Add(v); public long Peek() => n; public long Twice() { var local = n; local++; return local; } }\n";

    [Fact]
    public Task Method_of_a_checkpointed_object_that_changes_its_fields_is_a_change() => AnalyzerTest.Run(Tally + Sources.Class(
        "[Checkpointed] private Tally tally = new(); public override void Run(ISourceContext<long> ctx) { {|CKPT001:tally.Bump()|}; {|CKPT001:tally.Note(1)|}; lock (ctx.CheckpointLock) { tally.Bump(); } }" + Cancel));

    [Fact]
    public Task Method_of_a_checkpointed_object_that_only_reads_is_not_a_change() => AnalyzerTest.Run(Tally + Sources.Class(
        "[Checkpointed] private Tally tally = new(); public override void Run(ISourceContext<long> ctx) { var a = tally.Peek(); var b = tally.Twice(); }" + Cancel));

    [Fact]
    public Task Element_changed_through_a_foreach_variable_is_a_change() => AnalyzerTest.Run(
        "public sealed class Cell { public long Value; }\n" + Sources.Class(
        "[Checkpointed] private List<Cell> cells = new(); public override void Run(ISourceContext<long> ctx) { foreach (var c in cells) {|CKPT001:c.Value = 1|}; lock (ctx.CheckpointLock) { foreach (var c in cells) c.Value++; } foreach (var v in new List<Cell>()) v.Value = 2; }" + Cancel));
}
