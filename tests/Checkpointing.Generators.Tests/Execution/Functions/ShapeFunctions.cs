namespace Checkpointing.Generators.Tests.Execution.Functions
{
    /// <summary>Scalars of every mode, a merged scalar, a renamed state and hooks.</summary>
    public partial class ModesSource
    {
        [Checkpointed] public long Offset;
        [Checkpointed(Merge = nameof(Sum))] public long Total;
        [Checkpointed(Redistribution = Redistribution.Union, Merge = nameof(Max))] public int Watermark;
        [Checkpointed(Redistribution = Redistribution.Broadcast)] public string? Config = "default";
        [Checkpointed(Name = "pending-items")] public List<int> Pending = [];
        [Checkpointed(Redistribution = Redistribution.Union)] public List<string> Everywhere = [];
        [field: Checkpointed(Name = "auto")] public int AutoProperty { get; set; }

        public readonly List<string> Calls = [];
        public SnapshotInfo? Snapshotted;
        public RestoreInfo? Restored;

        private static long Sum(IReadOnlyList<long> units) => units.Sum();

        private int Max(IReadOnlyList<int> units) => units.Max();

        partial void OnSnapshot(SnapshotInfo info)
        {
            Snapshotted = info;
            Calls.Add($"snapshot offset={Offset}");
        }

        partial void OnRestored(RestoreInfo info)
        {
            Restored = info;
            Calls.Add($"restored offset={Offset} pending={Pending.Count}");
        }
    }

    public static partial class Outer
    {
        public partial class Middle<TKey> where TKey : notnull
        {
            /// <summary>Nested in generic and static types; generic itself.</summary>
            public sealed partial class Inner<TValue>
            {
                [Checkpointed] public Dictionary<TKey, TValue> Map = [];
                [Checkpointed] public TValue? Last;
                [Checkpointed] public List<Box<TValue>> Boxes = [];
            }
        }
    }

    /// <summary>A record class with a positional parameter that is not state.</summary>
    public partial record class RecordFunction(string Id)
    {
        [Checkpointed] public int Count;
    }

    public abstract partial class BaseFunction
    {
        [Checkpointed] public long BaseScalar;
        [Checkpointed] public List<int> BaseItems = [];
        public readonly List<string> Hooks = [];

        partial void OnSnapshot(SnapshotInfo info) => Hooks.Add("base snapshot");

        partial void OnRestored(RestoreInfo info) => Hooks.Add("base restored");
    }

    /// <summary>Both levels keep their state; the scalars of both share one unit.</summary>
    public sealed partial class DerivedFunction : BaseFunction
    {
        [Checkpointed] public string? DerivedScalar;
        [Checkpointed] public List<string> DerivedItems = [];

        partial void OnSnapshot(SnapshotInfo info) => Hooks.Add("derived snapshot");

        partial void OnRestored(RestoreInfo info) => Hooks.Add("derived restored");
    }

    /// <summary>A sink: state sits beside ordinary interface members.</summary>
    public sealed partial class CollectingSink : ISinkFunction<int>
    {
        [Checkpointed] public List<int> Seen = [];

        public void Invoke(int value) => Seen.Add(value);
    }
}

/// <summary>In the global namespace.</summary>
public sealed partial class GlobalFunction
{
    [Checkpointing.Checkpointed] public int Value;
}

namespace Checkpointing.Generators.Tests.Execution.Functions
{
    /// <summary>State of a private nested type: its formatter lives inside the class, where the type is visible.</summary>
    public sealed partial class PrivateTypesFunction
    {
        [Checkpointed] private List<Item> items = [];
        [Checkpointed] private Item? current;

        public void Add(string name) => items.Add(current = new Item(name, items.Count));

        public string Describe() => string.Join(",", items.Select(i => $"{i.Name}{i.Index}")) + "|" + current?.Name;

        private sealed record Item(string Name, int Index);
    }
}

namespace Checkpointing.Generators.Tests.Execution.Functions
{
    /// <summary>A broadcast collection: every subtask holds the same rules.</summary>
    public sealed partial class RulesFunction
    {
        [Checkpointed(Redistribution = Redistribution.Broadcast)] public List<string> Rules = [];
        [Checkpointed(Redistribution = Redistribution.Broadcast)] public int Version;
    }
}
