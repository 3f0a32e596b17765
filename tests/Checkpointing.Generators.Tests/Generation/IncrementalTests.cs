using Checkpointing.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>The pipeline reuses its work: edits that do not change a class's model regenerate nothing.</summary>
public class IncrementalTests
{
    private const string First = """
        using System.Collections.Generic;
        using Checkpointing;
        namespace Demo;
        public sealed partial class First { [Checkpointed] private long offset; public long Offset => offset; }
        """;

    private const string Second = """
        using System.Collections.Generic;
        using Checkpointing;
        namespace Demo;
        public sealed partial class Second { [field: Checkpointed] public int Auto { get; set; } [Checkpointed] private List<int> items = new(); public int Count => items.Count; }
        """;

    private const string HandWritten = """
        using System.Collections.Generic;
        using Checkpointing;
        namespace Demo;
        public sealed record Unit(string Key);
        public sealed class Hand : IListCheckpointed<Unit>
        {
            public IReadOnlyList<Unit> SnapshotState(long checkpointId, long timestamp) => new List<Unit>();
            public void RestoreState(IReadOnlyList<Unit> state) { }
        }
        """;

    private const string Unrelated = "namespace Demo; public static class Helpers { public static int Twice(int x) => 2 * x; }";

    private static readonly string[] TrackedSteps =
    [
        CheckpointedGenerator.TrackingNames.Fields,
        CheckpointedGenerator.TrackingNames.Properties,
        CheckpointedGenerator.TrackingNames.Registrations,
    ];

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorRun.Compile(First, Second, HandWritten, Unrelated);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);

        var edited = Replace(compilation, 3, Unrelated.Replace("2 * x", "x + x"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked; tracked: {string.Join(", ", result.TrackedSteps.Keys)}");
            Assert.NotEmpty(result.TrackedSteps[step]);
            foreach (var run in result.TrackedSteps[step])
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        }
        var outputReasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        // Output steps only appear when they ran at all; any that did must have found their input unchanged.
        Assert.All(outputReasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step: {reason}"));
    }

    [Fact]
    public void Editing_a_checkpointed_field_regenerates_only_its_class()
    {
        var compilation = GeneratorRun.Compile(First, Second, HandWritten, Unrelated);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var edited = Replace(compilation, 0, First.Replace("private long offset;", "private long offset; [Checkpointed] private string name = \"\";"));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var changed = after.GeneratedSources.Where(s => before[s.HintName] != s.SourceText.ToString()).Select(s => s.HintName).ToList();
        Assert.Equal(["Demo.First.g.cs"], changed);

        var modified = after.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs)
            .Count(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        Assert.Equal(1, modified);
    }

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var tree = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, GeneratorRun.ParseOptions, tree.FilePath));
    }
}
