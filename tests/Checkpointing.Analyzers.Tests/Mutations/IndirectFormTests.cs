using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Mutations;

/// <summary>
/// Changes that do not look like assignments to the field: ref/out arguments, ref locals and returns,
/// struct members and calls, collection mutators, writes through a checkpointed object or an alias of it.
/// </summary>
public sealed class IndirectFormTests
{
    public static TheoryData<string> Changes => new()
    {
        // ref/out decided by the parameter's RefKind
        "Interlocked.Increment(ref {|CKPT001:offset|});",
        "Interlocked.Exchange(ref {|CKPT001:offset|}, 5);",
        "SetOut(out {|CKPT001:offset|});",
        "Array.Resize(ref {|CKPT001:array|}, 8);",
        "long.TryParse(\"1\", out {|CKPT001:offset|});",
        // ref locals and ref returns
        "ref long r = ref offset; {|CKPT001:r = 3|};",
        "ref long r = ref offset; {|CKPT001:r++|};",
        "{|CKPT001:OffsetRef() = 4|};",
        "{|CKPT001:OffsetRef()++|};",
        // struct fields: members and non-readonly methods, `this ref` extensions
        "{|CKPT001:point.X = 2|};",
        "{|CKPT001:point.X++|};",
        "{|CKPT001:point.Move()|};",
        "{|CKPT001:point|}.Bump();",
        // collections, concurrent ones included
        "{|CKPT001:items.Add(1)|};",
        "{|CKPT001:items.Remove(1)|};",
        "{|CKPT001:items.Clear()|};",
        "{|CKPT001:items.Insert(0, 1)|};",
        "{|CKPT001:items.RemoveAt(0)|};",
        "{|CKPT001:items[0] = 1|};",
        "{|CKPT001:items[0]++|};",
        "{|CKPT001:map[\"a\"] = 1|};",
        "{|CKPT001:map.Remove(\"a\")|};",
        "{|CKPT001:map.TryAdd(\"a\", 1)|};",
        "{|CKPT001:concurrent.AddOrUpdate(\"a\", 1, (k, v) => v + 1)|};",
        "{|CKPT001:concurrent.TryRemove(\"a\", out _)|};",
        "{|CKPT001:concurrent[\"a\"] = 2|};",
        "{|CKPT001:set.Add(3)|};",
        "{|CKPT001:queue.Enqueue(3)|};",
        "{|CKPT001:queue.Dequeue()|};",
        "{|CKPT001:array[1] = 2|};",
        "{|CKPT001:array[1] += 2|};",
        "items?{|CKPT001:.Add(1)|};",
        // through a class-typed checkpointed object, and through a local that aliases it
        "{|CKPT001:box.Value = 1|};",
        "{|CKPT001:box.Prop = 1|};",
        "var b = box; {|CKPT001:b.Value = 2|};",
        "var list = items; {|CKPT001:list.Add(2)|};",
        "IList<long> view = items; {|CKPT001:view.Add(2)|};",
        "var l = new List<long>(); if (count > 0) l = items; {|CKPT001:l.Add(1)|};",
        "var l = new List<long>(); while (running) { {|CKPT001:l.Add(1)|}; l = items; }",
        "var l = new List<long>(); try { l = new List<long>(); } catch { l = items; } {|CKPT001:l.Add(1)|};",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Change_without_lock_is_reported(string statement) =>
        AnalyzerTest.Run(Sources.InRun(statement));

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Same_change_inside_lock_is_accepted(string statement) =>
        AnalyzerTest.Run(Sources.InRun("lock (ctx.CheckpointLock) { " + AssignmentFormTests.Strip(statement) + " }"));

    public static TheoryData<string> NotChanges => new()
    {
        "ReadIn(in offset);",
        "ReadIn(offset);",
        "ReadRefReadonly(ref offset);",
        "var x = point.Read();",
        "var y = point.Look();",
        "var p = point; p.Move(); p.X = 3;",
        "ref readonly long r = ref offset; var v = r;",
        "var copy = items.ToList(); copy.Add(1);",
        "var fresh = new List<long>(); fresh.Add(1);",
        "var contains = items.Contains(1) || set.Contains(2) || map.TryGetValue(\"a\", out _);",
        "var value = box.Value + box.Prop;",
        "var e = items.Select(i => i * 2).ToArray();",
        "var b = box; b = new Box(); b.Value = 3;",
        "var l = items; if (count > 0) { l = new List<long>(); l.Add(1); }",
    };

    [Theory]
    [MemberData(nameof(NotChanges))]
    public Task Reads_and_copies_are_not_changes(string statement) =>
        AnalyzerTest.Run(Sources.InRun(statement));
}
