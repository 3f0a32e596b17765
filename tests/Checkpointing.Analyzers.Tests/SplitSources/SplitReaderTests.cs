using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.SplitSources;

/// <summary>
/// Split sources (src/Checkpointing/Sources/Splits): the base class emits and stores positions under the lock, so a reader
/// that reports through its batch needs no locking code and gets no diagnostic; one that keeps its own checkpointed
/// position and moves it while fetching (outside the lock) is reported.
/// </summary>
public sealed class SplitReaderTests
{
    private const string Split = """
        public sealed record LineSplit(string Path, long Offset) : ISourceSplit
        {
            public string SplitId => Path;
            public string AssignmentGroup => Path;
            public int AssignmentIndex => 0;
        }

        """;

    [Fact]
    public Task A_reader_that_reports_positions_through_its_batch_is_accepted() => AnalyzerTest.Run(Split + """
        public sealed class Lines : SplitSource<LineSplit, string>
        {
            protected override bool IsBounded => true;
            protected override IReadOnlyList<LineSplit> DiscoverSplits() => new[] { new LineSplit("a.txt", 0) };
            protected override SplitReader<LineSplit, string> CreateReader() => new Reader();

            private sealed class Reader : SplitReader<LineSplit, string>
            {
                private readonly List<LineSplit> splits = new();
                public override void AddSplits(IReadOnlyList<LineSplit> added) => splits.AddRange(added);
                public override void Fetch(SplitBatch<LineSplit, string> batch, TimeSpan maxWait)
                {
                    foreach (var split in splits)
                    {
                        batch.Add("line");
                        batch.Finish(split with { Offset = split.Offset + 5 });
                    }
                    splits.Clear();
                }
            }
        }
        """);

    [Fact]
    public Task A_reader_that_moves_its_own_checkpointed_position_while_fetching_is_reported() => AnalyzerTest.Run(Split + """
        public sealed partial class Reader : SplitReader<LineSplit, string>
        {
            [Checkpointed] private long offset;
            public override void AddSplits(IReadOnlyList<LineSplit> added) { }
            public override void Fetch(SplitBatch<LineSplit, string> batch, TimeSpan maxWait)
            {
                batch.Add("line");
                {|CKPT001:offset += 5|};
            }
        }
        """);

    [Fact]
    public Task A_split_source_that_changes_checkpointed_state_during_discovery_is_reported() => AnalyzerTest.Run(Split + """
        public sealed partial class Lines : SplitSource<LineSplit, string>
        {
            [Checkpointed] private long discoveries;
            protected override bool IsBounded => true;
            protected override IReadOnlyList<LineSplit> DiscoverSplits()
            {
                {|CKPT001:discoveries++|};
                return new[] { new LineSplit("a.txt", 0) };
            }
            protected override SplitReader<LineSplit, string> CreateReader() => throw new NotSupportedException();
        }
        """);
}
