using System.Text.RegularExpressions;
using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Mutations;

/// <summary>
/// Every form of change, both ways: flagged where written outside the lock, accepted inside
/// <c>lock (ctx.CheckpointLock)</c> (the same statement with the markup stripped).
/// </summary>
public sealed class AssignmentFormTests
{
    public static TheoryData<string> Changes => new()
    {
        "{|CKPT001:offset = 1|};",
        "{|CKPT001:offset += 2|};",
        "{|CKPT001:offset -= 2|};",
        "{|CKPT001:count *= 3|};",
        "{|CKPT001:count |= 1|};",
        "{|CKPT001:count <<= 1|};",
        "{|CKPT001:offset++|};",
        "{|CKPT001:++offset|};",
        "{|CKPT001:offset--|};",
        "{|CKPT001:--count|};",
        "{|CKPT001:name ??= \"x\"|};",
        "{|CKPT001:this.offset = 5|};",
        "({|CKPT001:offset|}, {|CKPT001:count|}) = (1, 2);",
        "({|CKPT001:offset|}, notState) = (1, 2);",
        "var x = {|CKPT001:offset = 4|};",
        "{|CKPT001:pos = pos with { Offset = 3 }|};",
        "{|CKPT001:pair.A = 7|};",
        "{|CKPT001:pair = (1, 2)|};",
        "if (running) {|CKPT001:offset = 9|};",
        "while (running) { {|CKPT001:offset++|}; }",
        "try { {|CKPT001:offset = 1|}; } finally { }",
        "try { } finally { {|CKPT001:offset = 1|}; }",
        "try { } catch { {|CKPT001:offset = 1|}; }",
        "switch (count) { case 1: {|CKPT001:offset = 1|}; break; }",
        "for (var i = 0; i < 3; i++) {|CKPT001:items[i] = i|};",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Change_without_lock_is_reported(string statement) =>
        AnalyzerTest.Run(Sources.InRun(statement));

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Same_change_inside_lock_is_accepted(string statement) =>
        AnalyzerTest.Run(Sources.InRun("lock (ctx.CheckpointLock) { " + Strip(statement) + " }"));

    public static TheoryData<string> Reads => new()
    {
        "var x = offset;",
        "var n = nameof(offset);",
        "var copy = pos with { Offset = 3 };",
        "var p = point; p.X = 4; p.Move();",
        "long sum = offset + count;",
        "notState = offset;",
        "notState++;",
        "var c = items.Count; var has = map.ContainsKey(\"a\");",
        "var px = point.Peek();",
        "var y = array[0] + items[0];",
        "var t = pair.A;",
        "var text = pair.ToString(); var same = pair.Equals((1L, 2L)); var h = pair.GetHashCode();",
        "Console.WriteLine(name ?? \"none\");",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public Task Reads_are_not_changes(string statement) =>
        AnalyzerTest.Run(Sources.InRun(statement));

    internal static string Strip(string markup) => Regex.Replace(markup, @"\{\|CKPT\d+:|\|\}", "");
}
