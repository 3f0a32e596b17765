using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Mutations;

/// <summary>
/// Writes through a ref or a span into checkpointed state: ref-returning methods, properties and indexers of our own,
/// ref locals, CollectionsMarshal and MemoryExtensions views, spans written by index or by their methods.
/// <c>ref readonly</c> and read-only spans are reads.
/// </summary>
public sealed class RefWriteTests
{
    private const string Members = """
        [Checkpointed] private long[] offsets = new long[4];
        [Checkpointed] private Dictionary<string, long> counts = new();
        [Checkpointed] private Point point;
        [Checkpointed] private Slots slots = new();
        private long[] scratch = new long[4];
        private int cursor;
        private ref long OffsetOf(int partition) => ref offsets[partition];
        private ref int PointX() { return ref point.X; }
        private ref long Current => ref offsets[cursor];
        private ref long this[int i] => ref this.offsets[i];
        private ref long Scratch(int i) => ref scratch[i];
        private ref readonly long Peek(int i) => ref offsets[i];
        private Span<long> Window() => offsets.AsSpan(0, 2);
        private static void Fill(Span<long> target) => target.Fill(0);
        private static long Sum(ReadOnlySpan<long> values) { long s = 0; foreach (var v in values) s += v; return s; }
        public override void Cancel() { }
        """;

    private const string Types = """
        public struct Point { public int X; public void Move() { X++; } public int Look() => X; }
        public sealed class Slots { private readonly long[] data = new long[4]; public ref long At(int i) => ref data[i]; }
        """;

    private static string Source(string body) => Types + Sources.Class(Members + "public override void Run(ISourceContext<long> ctx) { " + body + " }");

    public static TheoryData<string> Changes => new()
    {
        "{|CKPT001:OffsetOf(1) = 5|};",
        "{|CKPT001:OffsetOf(1)++|};",
        "{|CKPT001:PointX() = 2|};",
        "{|CKPT001:Current = 3|};",
        "{|CKPT001:Current += 3|};",
        "{|CKPT001:this[0] = 1|};",
        "{|CKPT001:slots.At(2) = 7|};",
        "ref long r = ref OffsetOf(0); {|CKPT001:r = 9|};",
        "ref long e = ref offsets[1]; {|CKPT001:e++|};",
        "ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, \"a\", out _); {|CKPT001:c++|};",
        "{|CKPT001:System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)[0] = 1|};",
        "var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items); {|CKPT001:span[0] = 2|};",
        "Span<long> view = offsets; {|CKPT001:view[1] = 2|};",
        "var part = offsets.AsSpan(1); {|CKPT001:part[0]++|};",
        "var part = new Span<long>(offsets).Slice(1, 2); {|CKPT001:part[0] = 1|};",
        "var w = Window(); {|CKPT001:w[0] = 4|};",
        "{|CKPT001:offsets.AsSpan().Fill(0)|};",
        "{|CKPT001:offsets.AsSpan().Clear()|};",
        "{|CKPT001:offsets.AsSpan()|}.Reverse();",
        "new long[] { 1, 2 }.AsSpan().CopyTo({|CKPT001:offsets.AsSpan()|});",
        "Fill({|CKPT001:offsets|});",
        "foreach (ref var slot in offsets.AsSpan()) {|CKPT001:slot = 0|};",
        "{|CKPT001:Array.Fill(offsets, 1L)|};",
        "{|CKPT001:Array.Clear(offsets)|};",
        "{|CKPT001:Array.Copy(new long[4], offsets, 4)|};",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Write_through_a_ref_or_span_without_lock_is_reported(string statement) => AnalyzerTest.Run(Source(statement));

    [Theory]
    [MemberData(nameof(Changes))]
    public Task Same_write_inside_lock_is_accepted(string statement) =>
        AnalyzerTest.Run(Source("lock (ctx.CheckpointLock) { " + AssignmentFormTests.Strip(statement) + " }"));

    public static TheoryData<string> NotChanges => new()
    {
        "var v = OffsetOf(1);",
        "ref readonly long r = ref OffsetOf(0); var v = r;",
        "ref readonly long p = ref Peek(1); var v = p + Peek(2);",
        "ref readonly Point pt = ref point; var x = pt.Look(); pt.Move();",
        "Scratch(0) = 3;",
        "ReadOnlySpan<long> ro = offsets; var v = ro[0] + Sum(offsets) + Sum(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));",
        "var span = offsets.AsSpan(); var i = span.IndexOf(3) + span.Length; var copy = span.ToArray(); copy[0] = 1;",
        "Span<long> local = stackalloc long[4]; local[0] = 1; local.Fill(2);",
        "var fresh = new long[4]; fresh.AsSpan().Fill(1); Array.Fill(fresh, 2L);",
        "offsets.AsSpan().CopyTo(scratch);",
    };

    [Theory]
    [MemberData(nameof(NotChanges))]
    public Task Reads_through_refs_and_spans_are_not_changes(string statement) => AnalyzerTest.Run(Source(statement));
}
