using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// Generated file and class names come from a type's metadata name, so two types of one compilation never share one
/// (a shared hint name makes the generator throw and produce nothing; a shared class name does not compile).
/// </summary>
public class GeneratedNameTests
{
    [Fact]
    public void Nesting_and_namespaces_give_different_hint_names()
    {
        // Class A with B nested in it and namespace A with a class B cannot live in one compilation (CS0101), but they
        // are the pair joined dots could not tell apart: each gets its own name.
        const string field = "{ [Checkpointed] private long offset; public long Offset => offset; }";
        var (_, nested) = GeneratorRun.Run($"using Checkpointing;\npublic partial class A {{ public partial class B {field} }}");
        var (_, inNamespace) = GeneratorRun.Run($"using Checkpointing;\nnamespace A {{ public partial class B {field} }}");

        Assert.Equal("A+B.g.cs", nested.Results.Single().GeneratedSources.Single().HintName);
        Assert.Equal("A.B.g.cs", inNamespace.Results.Single().GeneratedSources.Single().HintName);
    }

    [Fact]
    public void Types_whose_names_joined_to_the_same_text_generate_and_compile_in_one_compilation()
    {
        var (_, result) = GeneratorRun.Run("""
            using System.Collections.Generic;
            using Checkpointing;

            public sealed record Position(string Partition, long Offset);

            // A generic nested class and a class named like its arity suffix: both were "Outer.Window_1.g.cs".
            public static partial class Outer
            {
                public partial class Window<T>
                {
                    [Checkpointed] private List<T> items = new();
                    public int Count => items.Count;
                }

                public partial class Window_1
                {
                    [Checkpointed] private long offset;
                    public long Offset => offset;
                }
            }

            // Class Jobs with Source nested in it, and a class Jobs_Source: both registered their formatters from a
            // class named __CheckpointingRegistration_Jobs_Source.
            public static partial class Jobs
            {
                public sealed partial class Source
                {
                    [Checkpointed] private Position? position;
                    public Position? Position => position;
                }
            }

            public sealed partial class Jobs_Source
            {
                [Checkpointed] private Position? position;
                public Position? Position => position;
            }

            // The same pair with hand-written state: both were "Lists_Reader.Registration.g.cs".
            public static class Lists
            {
                public sealed class Reader : IListCheckpointed<Position>
                {
                    public IReadOnlyList<Position> SnapshotState(long checkpointId, long timestamp) => [];
                    public void RestoreState(IReadOnlyList<Position> state) { }
                }
            }

            public sealed class Lists_Reader : IListCheckpointed<Position>
            {
                public IReadOnlyList<Position> SnapshotState(long checkpointId, long timestamp) => [];
                public void RestoreState(IReadOnlyList<Position> state) { }
            }
            """);

        var names = result.Results.Single().GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "Jobs+Source.g.cs",
            "Jobs_Source.g.cs",
            "Lists+Reader.Registration.g.cs",
            "Lists_Reader.Registration.g.cs",
            "Outer+Window_1.g.cs",
            "Outer+Window`1.g.cs",
        ], names);
    }

    [Fact]
    public void A_class_with_both_checkpointed_fields_and_hand_written_state_registers_from_two_distinct_classes() => GeneratorRun.Run("""
        using System.Collections.Generic;
        using Checkpointing;

        public sealed record Transaction(string Path, List<string> Lines);
        public sealed record Mark(string Name, long At);

        // The field's formatter and the transaction's are registered by two module initializers, which once shared a name.
        public sealed partial class Sink : TwoPhaseCommitSinkFunction<string, Transaction>
        {
            [Checkpointed] public Mark? Last;
            protected override Transaction BeginTransaction() => new("part-0", new());
            protected override void Invoke(Transaction transaction, string value) => transaction.Lines.Add(value);
            protected override void PreCommit(Transaction transaction) { }
            protected override void Commit(Transaction transaction) { }
            protected override void Abort(Transaction transaction) { }
        }
        """);
}
