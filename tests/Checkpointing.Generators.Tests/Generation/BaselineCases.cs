namespace Checkpointing.Generators.Tests.Generation;

/// <summary>Inputs whose generated output is kept as baseline files under Generation/Baselines.</summary>
internal static class BaselineCases
{
    public const string Counter = """
        using System.Collections.Generic;
        using Checkpointing;

        namespace Demo;

        public sealed partial class CounterSource
        {
            [Checkpointed] private long offset;
            [Checkpointed(Name = "label", Redistribution = Redistribution.Broadcast)] private string label = "";
            [Checkpointed(Redistribution = Redistribution.Union, Merge = nameof(Max))] private int watermark;
            [Checkpointed] private List<string> pending = new();
            [Checkpointed] private Dictionary<string, long> offsets = new();

            private static int Max(IReadOnlyList<int> units) { var m = 0; foreach (var u in units) m = u > m ? u : m; return m; }

            public long Offset => offset + label.Length + watermark + pending.Count + offsets.Count;
        }
        """;

    public const string Hierarchy = """
        using System.Collections.Generic;
        using Checkpointing;

        namespace Demo
        {
            public abstract partial class BaseSink
            {
                [Checkpointed] protected long written;
                [field: Checkpointed] public int Retries { get; set; }
            }

            public partial class DerivedSink : BaseSink
            {
                [Checkpointed] private List<int> buffer = new();
                public int Count => buffer.Count + (int)written;
            }
        }
        """;

    public const string NestedGeneric = """
        using System.Collections.Generic;
        using Checkpointing;

        public static partial class Outer
        {
            internal partial class Window<TKey> where TKey : notnull
            {
                [Checkpointed] private Dictionary<TKey, List<Reading>> readings = new();
                public int Count => readings.Count;
            }

            public sealed record Reading(string Sensor, double Value)
            {
                public Reading? Previous { get; init; }
            }
        }
        """;

    public const string HandWritten = """
        using System.Collections.Generic;
        using Checkpointing;

        namespace Demo;

        public record struct Position(string Partition, long Offset);

        public sealed class PositionSource : IListCheckpointed<Position>
        {
            private List<Position> positions = new();
            public IReadOnlyList<Position> SnapshotState(long checkpointId, long timestamp) => positions;
            public void RestoreState(IReadOnlyList<Position> state) => positions = new List<Position>(state);
        }
        """;

    public static IEnumerable<object[]> All() =>
    [
        [nameof(Counter), Counter],
        [nameof(Hierarchy), Hierarchy],
        [nameof(NestedGeneric), NestedGeneric],
        [nameof(HandWritten), HandWritten],
    ];
}
