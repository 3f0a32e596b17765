using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// Which collection fields are copied under the checkpoint lock and serialized after it (units proved immutable), and
/// which are serialized under it (units that can change): the generated code takes one path per field and says so.
/// </summary>
public class CapturePathTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using Checkpointing;

        public enum Color { Red, Green }
        public sealed record Point(int X, int Y);
        public sealed record Tagged(string Name, ImmutableArray<string> Tags);
        public sealed record WithList(string Name, List<int> Values);
        public sealed class Settable { public int X { get; set; } }
        public sealed class InitOnly { public int X { get; init; } public string? Name { get; init; } }
        public sealed class HiddenCounter
        {
            private int hits;
            public HiddenCounter(int value) { Value = value; }
            public int Value { get; }
            public void Hit() => hits++;
        }
        public class OpenRecord { public OpenRecord(string name) { Name = name; } public virtual string Name { get; } }
        public struct MutableStruct { public int X; public long Y; }
        public sealed record Node(string Name, Node? Next);

        public partial class Fields
        {
            [Checkpointed] private List<long> longs = new();
            [Checkpointed] private List<string> strings = new();
            [Checkpointed] private Dictionary<string, long> counts = new();
            [Checkpointed] private HashSet<Guid> ids = new();
            [Checkpointed] private List<Color> colors = new();
            [Checkpointed] private List<int?> maybe = new();
            [Checkpointed] private List<(string, DateTimeOffset)> pairs = new();
            [Checkpointed] private List<Point> points = new();
            [Checkpointed] private List<Tagged> tagged = new();
            [Checkpointed] private List<InitOnly> initOnly = new();
            [Checkpointed] private List<MutableStruct> structs = new();
            [Checkpointed] private List<Node> nodes = new();
            [Checkpointed] private ImmutableArray<string> frozenArray = ImmutableArray<string>.Empty;
            [Checkpointed] private ImmutableDictionary<string, int> frozenMap = ImmutableDictionary<string, int>.Empty;
            [Checkpointed] private List<byte[]> blobs = new();
            [Checkpointed] private List<int[]> arrays = new();
            [Checkpointed] private List<List<int>> nested = new();
            [Checkpointed] private List<WithList> withList = new();
            [Checkpointed] private List<Settable> settable = new();
            [Checkpointed] private List<HiddenCounter> hidden = new();
            [Checkpointed] private ImmutableList<Settable> frozenButMutable = ImmutableList<Settable>.Empty;
            [Checkpointed] private Dictionary<string, Settable> mapOfMutable = new();
            [Checkpointed] private List<OpenRecord> open = new();
            public int Count => open.Count + longs.Count + strings.Count + counts.Count + ids.Count + colors.Count + maybe.Count + pairs.Count
                + points.Count + tagged.Count + initOnly.Count + structs.Count + nodes.Count + frozenArray.Length + frozenMap.Count
                + blobs.Count + arrays.Count + nested.Count + withList.Count + settable.Count + hidden.Count + frozenButMutable.Count + mapOfMutable.Count;
        }
        """;

    private static string Generated()
    {
        var (_, result) = GeneratorRun.Run(Source);
        return result.Results.Single().GeneratedSources.Single(s => s.HintName == "Fields.g.cs").SourceText.ToString();
    }

    [Theory]
    [InlineData("longs")]
    [InlineData("strings")]
    [InlineData("counts")]
    [InlineData("ids")]
    [InlineData("colors")]
    [InlineData("maybe")]
    [InlineData("pairs")]
    [InlineData("points")]
    [InlineData("tagged")]
    [InlineData("initOnly")]
    [InlineData("structs")]
    [InlineData("nodes")]
    public void Immutable_units_are_copied_under_the_lock(string field)
    {
        var code = Generated();
        Assert.Contains($"(context, __checkpointing_{field}, this.{field}!, copy: true);", code);
        Assert.Contains($"// {field}: immutable units", code);
    }

    [Theory]
    [InlineData("frozenArray")]
    [InlineData("frozenMap")]
    public void Immutable_collections_of_immutable_units_are_kept_as_they_are(string field) =>
        Assert.Contains($"(context, __checkpointing_{field}, this.{field}!, copy: false);", Generated());

    [Theory]
    [InlineData("blobs")]
    [InlineData("arrays")]
    [InlineData("nested")]
    [InlineData("withList")]
    [InlineData("settable")]
    [InlineData("hidden")]
    [InlineData("frozenButMutable")]
    [InlineData("mapOfMutable")]
    [InlineData("open")]
    public void Units_that_can_change_are_serialized_under_the_lock(string field)
    {
        var code = Generated();
        Assert.Contains($"context.AddRange(__checkpointing_{field},", code);
        Assert.Contains($"// {field}: units of a type that can change", code);
        Assert.DoesNotContain($"__checkpointing_{field}, this.{field}!, copy:", code);
    }
}
