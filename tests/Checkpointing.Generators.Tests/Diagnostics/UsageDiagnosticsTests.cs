using Checkpointing.Generators.Diagnostics;
using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Diagnostics;

public class UsageDiagnosticsTests
{
    [Fact]
    public Task Valid_class_reports_nothing() => UsageAnalyzerTest.Run("""
        public partial class Fine
        {
            [Checkpointed] private long offset;
            [Checkpointed(Merge = nameof(Sum))] private long total;
            [Checkpointed(Redistribution = Redistribution.Union, Merge = nameof(Max))] private int mark;
            [Checkpointed] private List<string> items = new();
            private static long Sum(IReadOnlyList<long> units) => 0;
            private int Max(IReadOnlyList<int> units) => 0;
            public long Use() => offset + total + mark + items.Count;
        }
        """);

    [Fact]
    public Task Class_not_partial() => UsageAnalyzerTest.Run("""
        public class {|CKPT101:NotPartial|}
        {
            [Checkpointed] public long Offset;
        }
        """);

    [Fact]
    public Task Containing_type_not_partial() => UsageAnalyzerTest.Run("""
        public class {|CKPT101:Outer|}
        {
            public partial class Inner
            {
                [Checkpointed] public long Offset;
            }
        }
        """);

    [Fact]
    public Task Readonly_static_and_const_fields() => UsageAnalyzerTest.Run("""
        public partial class Bad
        {
            [Checkpointed] public readonly long {|CKPT102:A|};
            [Checkpointed] public static long {|CKPT102:B|};
            [Checkpointed] public const long {|CKPT102:C|} = 1;
            [field: Checkpointed] public long {|CKPT102:D|} { get; }
            [field: Checkpointed] public long {|CKPT102:E|} { get; init; }
        }
        """);

    [Fact]
    public Task Unsupported_type_names_the_member_path() => new UsageAnalyzerTest("""
        public sealed record Order(string Id, Line[] Lines);
        public sealed record Line(object Payload);
        public partial class Bad
        {
            [Checkpointed] public List<Order> {|#0:Orders|} = new();
            [Checkpointed] public int[,] {|#1:Grid|} = new int[0, 0];
            [Checkpointed] public IComparable? {|#2:Interface|};
        }
        """)
    {
        ExpectedDiagnostics =
        {
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UnsupportedType).WithLocation(0)
                .WithArguments("Orders", "Orders[] → Order.Lines[] → Line.Payload (object): 'object' says nothing about what to write; use a concrete type"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UnsupportedType).WithLocation(1)
                .WithArguments("Grid", "Grid (int[,]): multi-dimensional arrays are not supported; use a jagged array"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UnsupportedType).WithLocation(2)
                .WithArguments("Interface", "Interface (IComparable): this framework type is not supported"),
        },
    }.RunAsync();

    [Fact]
    public Task Get_only_data_that_could_not_be_restored_is_reported_but_computed_properties_are_not() => new UsageAnalyzerTest("""
        public sealed class Basket
        {
            public List<int> Items { get; } = new();
            public int Count => Items.Count;
        }
        public sealed class Computed
        {
            public int A { get; set; }
            public int Twice => 2 * A;
        }
        public partial class Holder
        {
            [Checkpointed] public Basket? {|#0:Basket|};
            [Checkpointed] public Computed? Fine;
        }
        """)
    {
        ExpectedDiagnostics =
        {
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.UnsupportedType).WithLocation(0)
                .WithArguments("Basket", "Basket → Basket.Items: it holds data but cannot be set when reading; give it a setter, init, or a constructor parameter of the same name"),
        },
    }.RunAsync();

    [Fact]
    public Task Unresolved_types_are_left_to_the_compiler() => UsageAnalyzerTest.Run("""
        public partial class Typo
        {
            [Checkpointed] public {|CS0246:Misspelled|} Value;
            [Checkpointed] public List<{|CS0246:Misspelled|}> Values = new();
        }
        """);

    [Fact]
    public Task Structs_cannot_hold_checkpointed_fields() => UsageAnalyzerTest.Run("""
        public partial struct {|CKPT107:Counter|}
        {
            [Checkpointed] public long Offset;
        }
        public partial record struct {|CKPT107:Pair|}(int A)
        {
            [Checkpointed] public long Offset;
        }
        """);

    [Fact]
    public Task Hand_written_snapshot_methods_conflict() => UsageAnalyzerTest.Run("""
        public partial class {|CKPT108:Own|}
        {
            [Checkpointed] public long Offset;
            public void SnapshotState(ISnapshotContext context) { }
        }
        public class Sealed : ICheckpointedFunction
        {
            public void SnapshotState(ISnapshotContext context) { }
            public void RestoreState(IRestoreContext context) { }
        }
        public partial class {|CKPT108:OverSealed|} : Sealed
        {
            [Checkpointed] public long Offset;
        }
        public abstract class Virtual : ICheckpointedFunction
        {
            public virtual void SnapshotState(ISnapshotContext context) { }
            public virtual void RestoreState(IRestoreContext context) { }
        }
        public partial class OverVirtual : Virtual
        {
            [Checkpointed] public long Offset;
        }
        """);

    [Fact]
    public Task List_checkpointed_beside_checkpointed_fields_is_reported_on_the_class() => new UsageAnalyzerTest("""
        public sealed partial class {|#0:Both|} : IListCheckpointed<long>
        {
            [Checkpointed] private long offset;
            private List<long> pending = new();
            public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => pending;
            public void RestoreState(IReadOnlyList<long> state) => pending = new List<long>(state);
            public long Offset => offset;
        }
        public abstract class HandWrittenBase : IListCheckpointed<string>
        {
            public IReadOnlyList<string> SnapshotState(long checkpointId, long timestamp) => [];
            public void RestoreState(IReadOnlyList<string> state) { }
        }
        public partial class {|#1:Derived|} : HandWrittenBase
        {
            [Checkpointed] private int count;
            public int Count => count;
        }
        public partial class DerivedFromBoth : Both2
        {
            [Checkpointed] private int more;
            public int More => more;
        }
        public partial class {|#2:Both2|} : IListCheckpointed<int>
        {
            [Checkpointed] private int one;
            public IReadOnlyList<int> SnapshotState(long checkpointId, long timestamp) => [one];
            public void RestoreState(IReadOnlyList<int> state) { }
        }
        """)
    {
        ExpectedDiagnostics =
        {
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.ListStateIgnored).WithLocation(0)
                .WithArguments("Both", "implements IListCheckpointed<long>"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.ListStateIgnored).WithLocation(1)
                .WithArguments("Derived", "its base 'HandWrittenBase' implements IListCheckpointed<string>"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.ListStateIgnored).WithLocation(2)
                .WithArguments("Both2", "implements IListCheckpointed<int>"),
        },
    }.RunAsync();

    [Fact]
    public Task List_checkpointed_alone_or_checkpointed_fields_alone_report_nothing() => UsageAnalyzerTest.Run("""
        public sealed class OnlyList : IListCheckpointed<long>
        {
            private long offset;
            public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];
            public void RestoreState(IReadOnlyList<long> state) { foreach (var s in state) offset += s; }
        }
        public sealed partial class OnlyFields
        {
            [Checkpointed] private long offset;
            [Checkpointed] private List<long> pending = new();
            public long Offset => offset + pending.Count;
        }
        """);

    [Fact]
    public Task List_checkpointed_beside_checkpointed_fields_can_be_suppressed_and_still_generates()
    {
        var source = UsageAnalyzerTest.Usings + """
            #pragma warning disable CKPT109
            public sealed partial class Both : IListCheckpointed<long>
            #pragma warning restore CKPT109
            {
                [Checkpointed] private long offset;
                public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];
                public void RestoreState(IReadOnlyList<long> state) { }
            }
            """;
        var (_, result) = GeneratorRun.Run(source);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Both.g.cs");
        return UsageAnalyzerTest.Run(source[UsageAnalyzerTest.Usings.Length..]);
    }

    [Fact]
    public Task Duplicate_state_names_in_the_class_and_across_the_hierarchy() => UsageAnalyzerTest.Run("""
        public partial class Base
        {
            [Checkpointed] public long Offset;
        }
        public partial class Derived : Base
        {
            [Checkpointed(Name = "Offset")] public long {|CKPT104:Other|};
            [Checkpointed(Name = "x")] public long X1;
            [Checkpointed(Name = "x")] public List<int> {|CKPT104:X2|} = new();
        }
        """);

    [Fact]
    public Task Merge_missing_or_with_the_wrong_signature() => UsageAnalyzerTest.Run("""
        public partial class Bad
        {
            [Checkpointed(Merge = "Nope")] public long {|CKPT105:A|};
            [Checkpointed(Merge = nameof(Wrong))] public long {|CKPT105:B|};
            [Checkpointed(Merge = nameof(Right))] public List<long> {|CKPT105:C|} = new();
            private static int Wrong(IReadOnlyList<long> units) => 0;
            private static long Right(IReadOnlyList<long> units) => 0;
        }
        """);

    [Fact]
    public Task Union_scalar_without_merge_warns() => UsageAnalyzerTest.Run("""
        public partial class Risky
        {
            [Checkpointed(Redistribution = Redistribution.Union)] public long {|CKPT106:Mark|};
            [Checkpointed(Redistribution = Redistribution.Union)] public List<long> Fine = new();
        }
        """);

    [Fact]
    public Task Pragma_suppresses_a_usage_diagnostic() => UsageAnalyzerTest.Run("""
        public partial class Risky
        {
        #pragma warning disable CKPT106
            [Checkpointed(Redistribution = Redistribution.Union)] public long Mark;
        #pragma warning restore CKPT106
        }
        """);

    [Fact]
    public Task Editorconfig_severity_applies_to_a_usage_diagnostic()
    {
        var test = new UsageAnalyzerTest("""
            public partial class Risky
            {
                [Checkpointed(Redistribution = Redistribution.Union)] public long Mark;
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CKPT106.severity = none\n"));
        return test.RunAsync();
    }

    [Fact]
    public void Every_descriptor_has_a_help_link_docs_page_and_release_line()
    {
        var root = RepositoryRoot();
        var unshipped = File.ReadAllText(Path.Combine(root, "generators", "Checkpointing.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new CheckpointedUsageAnalyzer().SupportedDiagnostics)
        {
            Assert.EndsWith($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
            Assert.Contains(descriptor.Id + " |", unshipped);
        }
    }

    [Fact]
    public void Every_usage_rule_says_why_it_exists() =>
        Assert.All(new CheckpointedUsageAnalyzer().SupportedDiagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id));

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
