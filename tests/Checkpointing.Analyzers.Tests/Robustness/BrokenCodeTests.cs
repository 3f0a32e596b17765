using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Robustness;

/// <summary>
/// The analyzer runs on every keystroke: on incomplete or erroneous code it must not throw (no AD0001).
/// Compiler errors are expected here and ignored; any analyzer exception fails the test
/// (<see cref="Analysis.CheckpointLockAnalyzer.RethrowInternalErrors"/> is on in tests).
/// </summary>
public sealed class BrokenCodeTests
{
    public static TheoryData<string> Snippets => new()
    {
        "lock (ctx.CheckpointLock { offset++; }",
        "lock () { offset++; }",
        "lock (ctx.Missing) { offset++; }",
        "offset = ;",
        "offset +=",
        "Monitor.Enter(); offset++; Monitor.Exit(",
        "Monitor.TryEnter(ctx.CheckpointLock, ref undeclared); if (undeclared) offset++;",
        "(offset, ) = (1, 2);",
        "items.Add(",
        "unknown.Add(1); Unknown(ref offset);",
        "var x = () => { offset++ ",
        "Task.Run(() => lock (ctx.CheckpointLock) { offset++; });",
        "ref var r = ref ; r = 1;",
        "await Task.Delay(1); offset++;",
        "goto missing; offset++;",
        "try { offset++; } catch (NotAType) { } finally { Monitor.Exit(ctx.CheckpointLock); }",
        "lock (ctx.CheckpointLock) { yield return 1; }",
        "void Local( { offset++; } Local();",
        "switch (offset) { case : offset++; }",
        "OffsetRef( = 3;",
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Broken_code_never_throws(string body)
    {
        var (diagnostics, failures) = await DirectRun.Analyze(Sources.InRun(body));
        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Broken_code_still_gets_diagnostics_where_it_is_clear()
    {
        // The rule keeps working around an error elsewhere in the method.
        var (diagnostics, failures) = await DirectRun.Analyze(Sources.InRun("offset = ; count++;"));
        Assert.Empty(failures);
        Assert.Contains(diagnostics, d => d.Id == "CKPT001" && d.GetMessage().Contains("'count'", StringComparison.Ordinal));
    }
}
