using Checkpointing.Analyzers.CodeFixes.Contracts;
using Checkpointing.Analyzers.CodeFixes.Wrapping;
using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;

namespace Checkpointing.Analyzers.Tests.CodeFixes;

/// <summary>
/// The fixes on the forms CKPT001 learnt in its second round (escaping helpers, span writes, lock parameters):
/// the fixed code compiles and the analyzer accepts it.
/// </summary>
public sealed class NewFormFixTests
{
    private static string Source(string run, string extra = "") => $$"""
        public sealed partial class Fn : RichParallelSourceFunction<long>
        {
            [Checkpointed] private long offset;
            [Checkpointed] private List<long> items = new();
            private ISourceContext<long>? context;
            private Timer? timer;

            public override void Run(ISourceContext<long> ctx)
            {
                context = ctx;
        {{run}}
            }

            public override void Cancel() => timer?.Dispose();
        {{extra}}
        }
        """;

    [Fact]
    public Task Change_inside_an_escaping_timer_callback_is_wrapped_in_the_stored_context_lock() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    timer = new Timer(Tick, null, 0, 100);
            """, """
                private void Tick(object? state)
                {
                    {|CKPT001:offset++|};
                }
            """),
        Source("""
                    timer = new Timer(Tick, null, 0, 100);
            """, """
                private void Tick(object? state)
                {
                    lock (context!.CheckpointLock)
                    {
                        offset++;
                    }
                }
            """));

    [Fact]
    public Task RequiresCheckpointLock_is_not_offered_inside_an_escaping_helper() =>
        CodeFixTest<AddRequiresCheckpointLockCodeFix>.NoFixOffered(
            Source("        timer = new Timer(Tick, null, 0, 100);", """
                private void Tick(object? state)
                {
                    {|#0:offset++|};
                }
            """),
            new DiagnosticResult("CKPT001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("[Checkpointed] field 'offset' is changed in 'Tick', which is passed to System.Threading.Timer at line 18 and runs", ""));

    [Fact]
    public Task Span_write_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
                    {|CKPT001:span[0] = 1|};
            """),
        Source("""
                    var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
                    lock (ctx.CheckpointLock)
                    {
                        span[0] = 1;
                    }
            """));

    [Fact]
    public Task Call_passing_the_wrong_lock_is_wrapped() => CodeFixTest<WrapInCheckpointLockCodeFix>.Run(
        Source("""
                    {|CKPT001:Step(this)|};
            """, """
                private void Step(object gate)
                {
                    lock (gate)
                    {
                        offset++;
                    }
                }
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        Step(this);
                    }
            """, """
                private void Step(object gate)
                {
                    lock (gate)
                    {
                        offset++;
                    }
                }
            """));
}
