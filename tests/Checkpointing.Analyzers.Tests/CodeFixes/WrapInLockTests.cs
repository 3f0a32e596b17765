using Checkpointing.Analyzers.CodeFixes.Wrapping;
using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.CodeFixes;

/// <summary>The wrap-in-lock fix: the fixed code compiles and the analyzer accepts it.</summary>
public sealed class WrapInLockTests
{
    private static string Source(string run, string extra = "") => $$"""
        public sealed partial class Fn : RichParallelSourceFunction<long>
        {
            [Checkpointed] private long offset;
            [Checkpointed] private List<long> items = new();
            private volatile bool running = true;

            public override void Run(ISourceContext<long> ctx)
            {
        {{run}}
            }

            public override void Cancel() => running = false;
        {{extra}}
        }
        """;

    [Fact]
    public Task Single_statement_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    {|CKPT001:offset++|};
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        offset++;
                    }
            """));

    [Fact]
    public Task Existing_local_copy_of_the_lock_is_reused() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    var gate = ctx.CheckpointLock;
                    {|CKPT001:items.Add(1)|};
            """),
        Source("""
                    var gate = ctx.CheckpointLock;
                    lock (gate)
                    {
                        items.Add(1);
                    }
            """));

    [Fact]
    public Task Neighbouring_emission_joins_the_block() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    while (running)
                    {
                        {|CKPT002:ctx.Collect(offset)|};
                        {|CKPT001:offset++|};
                    }
            """),
        Source("""
                    while (running)
                    {
                        lock (ctx.CheckpointLock)
                        {
                            ctx.Collect(offset);
                            offset++;
                        }
                    }
            """));

    [Fact]
    public Task Embedded_statement_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    if (running)
                        {|CKPT001:offset = 1|};
            """),
        Source("""
                    if (running)
                        lock (ctx.CheckpointLock)
                        {
                            offset = 1;
                        }
            """));

    [Fact]
    public Task Fix_all_wraps_every_statement_and_groups_neighbours() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    {|CKPT001:offset = 0|};
                    {|CKPT001:items.Clear()|};
                    Console.WriteLine("reset");
                    {|CKPT001:offset++|};
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        offset = 0;
                        items.Clear();
                    }
                    Console.WriteLine("reset");
                    lock (ctx.CheckpointLock)
                    {
                        offset++;
                    }
            """));

    [Fact]
    public Task Statement_in_an_escaping_lambda_block_is_locked_inside_the_lambda() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    Task.Run(() =>
                    {
                        {|CKPT001:offset++|};
                    });
            """),
        Source("""
                    Task.Run(() =>
                    {
                        lock (ctx.CheckpointLock)
                        {
                            offset++;
                        }
                    });
            """));

    [Fact]
    public Task Unlocked_call_of_a_helper_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    {|CKPT001:Advance()|};
            """, "    private void Advance() => offset++;"),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        Advance();
                    }
            """, "    private void Advance() => offset++;"));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult OffsetChanged() =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("[Checkpointed] field 'offset' is changed", "");

    [Fact]
    public Task Expression_lambda_gets_a_block_that_takes_the_lock() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    ThreadPool.QueueUserWorkItem(_ => {|CKPT001:items.Add(1)|});
                    Task.Run(() => {|CKPT001:offset++|});
            """),
        Source("""
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        lock (ctx.CheckpointLock)
                        {
                            items.Add(1);
                        }
                    });
                    Task.Run(() =>
                    {
                        lock (ctx.CheckpointLock)
                        {
                            return offset++;
                        }
                    });
            """));

    [Fact]
    public Task No_wrap_is_offered_for_a_lambda_without_a_context_in_scope() =>
        CodeFixTest<WrapInCheckpointLockCodeFix>.NoFixOffered(Source("", "    public Action Later() => () => {|#0:offset++|};"), OffsetChanged());

    [Fact]
    public Task No_wrap_is_offered_without_a_context_in_scope() =>
        CodeFixTest<WrapInCheckpointLockCodeFix>.NoFixOffered(Source("", "    public void Reset() { {|#0:offset = 0|}; }"), OffsetChanged());

    [Fact]
    public Task Statement_next_to_an_existing_lock_joins_it() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        ctx.Collect(offset);
                    }
                    {|CKPT001:offset++|};
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        ctx.Collect(offset);
                        offset++;
                    }
            """));

    [Fact]
    public Task Statement_in_a_switch_section_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    switch (offset)
                    {
                        case 0:
                            {|CKPT001:items.Clear()|};
                            break;
                    }
            """),
        Source("""
                    switch (offset)
                    {
                        case 0:
                            lock (ctx.CheckpointLock)
                            {
                                items.Clear();
                            }
                            break;
                    }
            """));

    [Fact]
    public Task Helper_uses_the_context_stored_in_a_field() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        "#nullable enable\n" + Source("""
                    context = ctx;
            """, """
            private ISourceContext<long>? context;

            public void Reset()
            {
                {|CKPT001:offset = 0|};
            }
        """),
        "#nullable enable\n" + Source("""
                    context = ctx;
            """, """
            private ISourceContext<long>? context;

            public void Reset()
            {
                lock (context!.CheckpointLock)
                {
                    offset = 0;
                }
            }
        """));

    [Fact]
    public Task Unlocked_emission_alone_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    {|CKPT002:ctx.Collect(1)|};
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        ctx.Collect(1);
                    }
            """));
}
