using Checkpointing.Analyzers.CodeFixes.Contracts;
using Checkpointing.Analyzers.CodeFixes.Emission;
using Checkpointing.Analyzers.CodeFixes.LockCast;
using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.CodeFixes;

/// <summary>Moving an emission into the state block, [RequiresCheckpointLock] on a helper, locking the object for CKPT003.</summary>
public sealed class OtherFixTests
{
    private static string Source(string run, string extra = "") => $$"""
        public sealed partial class Fn : RichParallelSourceFunction<long>
        {
            [Checkpointed] private long offset;
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
    public Task Emission_moves_before_the_change_it_preceded() => CodeFixTest<MoveEmissionIntoStateBlockCodeFix>.Run(
        Source("""
                    while (running)
                    {
                        lock (ctx.CheckpointLock)
                        {
                            {|CKPT002:ctx.Collect(offset)|};
                        }
                        lock (ctx.CheckpointLock)
                        {
                            offset++;
                        }
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
    public Task Emission_moves_after_the_change_it_followed() => CodeFixTest<MoveEmissionIntoStateBlockCodeFix>.Run(
        Source("""
                    var gate = ctx.CheckpointLock;
                    lock (gate)
                    {
                        offset++;
                    }
                    lock (gate)
                    {
                        Console.WriteLine(offset);
                        {|CKPT002:ctx.Collect(offset)|};
                    }
            """),
        Source("""
                    var gate = ctx.CheckpointLock;
                    lock (gate)
                    {
                        offset++;
                        ctx.Collect(offset);
                    }
                    lock (gate)
                    {
                        Console.WriteLine(offset);
                    }
            """));

    [Fact]
    public Task Helper_is_marked_RequiresCheckpointLock() => CodeFixTest<AddRequiresCheckpointLockCodeFix>.Run(
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        Reset();
                    }
            """, """
                public void Reset()
                {
                    {|CKPT001:offset = 0|};
                }
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        Reset();
                    }
            """, """
                [RequiresCheckpointLock]
                public void Reset()
                {
                    offset = 0;
                }
            """));

    [Fact]
    public Task RequiresCheckpointLock_is_not_offered_on_an_override() =>
        CodeFixTest<AddRequiresCheckpointLockCodeFix>.NoFixOffered(
            Source("        {|#0:offset = 1|};"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("[Checkpointed] field 'offset' is changed", ""));

    [Fact]
    public Task Lock_on_Lock_cast_becomes_lock_on_the_object() => CodeFixTest<LockTheObjectCodeFix>.Run(
        Source("""
                    lock ({|CKPT003:(Lock)ctx.CheckpointLock|})
                    {
                        {|CKPT001:offset++|};
                    }
            """),
        Source("""
                    lock (ctx.CheckpointLock)
                    {
                        offset++;
                    }
            """));
}
