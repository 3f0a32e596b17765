using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Emission;

/// <summary>CKPT003 (lock on the checkpoint lock as a System.Threading.Lock) and CKPT004 (await while holding it).</summary>
public sealed class ThreadingRuleTests
{
    private const string Cancel = " public override void Cancel() { }";

    [Fact]
    public Task Lock_on_the_checkpoint_lock_cast_to_Lock_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { lock ({|CKPT003:(Lock)ctx.CheckpointLock|}) { {|CKPT001:offset++|}; {|CKPT002:ctx.Collect(1)|}; } }" + Cancel));

    [Fact]
    public Task Lock_on_a_real_Lock_field_is_not_CKPT003() => AnalyzerTest.Run(Sources.Class(
        "private readonly Lock mine = new(); public override void Run(ISourceContext<long> ctx) { lock (mine) { } lock (ctx.CheckpointLock) { offset++; } }" + Cancel));

    [Fact]
    public Task Await_while_holding_the_lock_via_Monitor_is_reported_and_ends_ownership() => AnalyzerTest.Run(Sources.Class(
        "public async Task PumpAsync(ISourceContext<long> ctx) { Monitor.Enter(ctx.CheckpointLock); offset++; {|CKPT004:await Task.Delay(1)|}; {|CKPT001:offset++|}; Monitor.Exit(ctx.CheckpointLock); } public override void Run(ISourceContext<long> ctx) { }" + Cancel));

    [Fact]
    public Task Await_after_releasing_the_lock_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public async Task PumpAsync(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { offset++; } await Task.Delay(1); lock (ctx.CheckpointLock) { offset++; } } public override void Run(ISourceContext<long> ctx) { }" + Cancel));

    [Fact]
    public Task Await_foreach_while_holding_the_lock_is_reported() => AnalyzerTest.Run(Sources.Class(
        "public async Task PumpAsync(ISourceContext<long> ctx, IAsyncEnumerable<long> input) { Monitor.Enter(ctx.CheckpointLock); {|CKPT004:await foreach (var x in input) { }|} Monitor.Exit(ctx.CheckpointLock); } public override void Run(ISourceContext<long> ctx) { }" + Cancel));

    [Fact]
    public Task Await_inside_a_synchronous_lambda_does_not_count_for_the_caller() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { offset++; Func<Task> later = async () => { await Task.Delay(1); lock (ctx.CheckpointLock) { offset++; } }; } }" + Cancel));

    public static TheoryData<string> Blocking => new()
    {
        "{|CKPT005:Thread.Sleep(10)|};",
        "{|CKPT005:Task.Delay(10).Wait()|};",
        "var r = {|CKPT005:Task.FromResult(1).Result|};",
        "{|CKPT005:Task.Delay(1).GetAwaiter().GetResult()|};",
        "{|CKPT005:Task.WaitAll(Task.Delay(1))|};",
        "using var signal = new ManualResetEventSlim(); {|CKPT005:signal.Wait(5)|};",
    };

    [Theory]
    [MemberData(nameof(Blocking))]
    public Task Blocking_wait_under_the_lock_is_reported(string statement) => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { " + statement + " } }" + Cancel));

    [Theory]
    [MemberData(nameof(Blocking))]
    public Task Blocking_wait_outside_the_lock_is_accepted(string statement) => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { " + Mutations.AssignmentFormTests.Strip(statement) + " lock (ctx.CheckpointLock) { offset++; } }" + Cancel));

    [Fact]
    public Task Monitor_Wait_releases_the_lock_and_is_accepted() => AnalyzerTest.Run(Sources.Class(
        "public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { while (offset == 0) Monitor.Wait(ctx.CheckpointLock, 10); offset++; } }" + Cancel));
}
