using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>When some other lock is held, the message says which (Clang's "near match").</summary>
public sealed class NearMatchTests
{
    private static DiagnosticResult Expected(string near) =>
        new DiagnosticResult("CKPT001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
            "[Checkpointed] field 'offset' is changed",
            near.Length == 0 ? "" : $" (the lock held is on {near}, not on the context's CheckpointLock)");

    [Theory]
    [InlineData("lock (this) { {|#0:offset++|}; }", "'this'")]
    [InlineData("lock (new object()) { {|#0:offset++|}; }", "a new object")]
    [InlineData("lock (typeof(Source)) { {|#0:offset++|}; }", "a Type object")]
    [InlineData("lock (other) { {|#0:offset++|}; }", "field 'other'")]
    [InlineData("var mine = new object(); lock (mine) { {|#0:offset++|}; }", "a new object")]
    [InlineData("Monitor.Enter(this); {|#0:offset++|}; Monitor.Exit(this);", "'this'")]
    [InlineData("{|#0:offset++|};", "")]
    [InlineData("lock (gate) { {|#0:offset++|}; }", "the System.Threading.Lock 'gate'")]
    [InlineData("lock (gate) { } {|#0:offset++|};", "")]
    public Task Message_names_the_lock_that_is_held(string body, string near) =>
        AnalyzerTest.Run(Sources.InRun(body, "private readonly object other = new(); private readonly Lock gate = new();"), Expected(near));

    [Fact]
    public Task Lock_of_another_context_is_named() => AnalyzerTest.Run(
        Sources.InRun("", "public void Pump(ISourceContext<long> ctx, ISourceContext<long> peer) { lock (peer.CheckpointLock) { {|#0:offset++|}; } }"),
        Expected("the CheckpointLock of another context"));
}
