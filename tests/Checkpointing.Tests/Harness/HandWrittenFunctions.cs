namespace Checkpointing.Tests.Harness;

/// <summary>Flink's ListCheckpointed, written by hand: a list of longs, even-split.</summary>
public sealed class LongList : IListCheckpointed<long>
{
    public List<long> Values { get; } = [];

    public int RestoreCalls { get; private set; }

    public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [.. Values];

    public void RestoreState(IReadOnlyList<long> state)
    {
        RestoreCalls++;
        Values.Clear();
        Values.AddRange(state);
    }
}

/// <summary>
/// A hand-written ICheckpointedFunction with two states of each mode, and a record
/// of what its restore context reported.
/// </summary>
public sealed class SeveralStates : ICheckpointedFunction
{
    public static readonly ListStateDescriptor<long> OffsetsState = new("offsets");
    public static readonly ListStateDescriptor<string> NamesState = new("names", Checkpointing.Redistribution.EvenSplit);
    public static readonly ListStateDescriptor<string> SeenState = new("seen", Checkpointing.Redistribution.Union);
    public static readonly ListStateDescriptor<int> ConfigState = new("config", Checkpointing.Redistribution.Broadcast);
    public static readonly ListStateDescriptor<long> WatermarksState = new("watermarks", Checkpointing.Redistribution.Union);
    public static readonly ListStateDescriptor<string> RulesState = new("rules", Checkpointing.Redistribution.Broadcast);

    public List<long> Offsets { get; } = [];
    public List<string> Names { get; } = [];
    public List<string> Seen { get; } = [];
    public List<int> Config { get; } = [];
    public List<long> Watermarks { get; } = [];
    public List<string> Rules { get; } = [];

    public (long CheckpointId, int SubtaskIndex, int Parallelism, int PreviousParallelism)? RestoredWith { get; private set; }

    /// <summary>Subtask <paramref name="index"/> of an old job: unbalanced even-split states, its own union entry, a broadcast copy tagged with its index.</summary>
    public static SeveralStates ForSubtask(int index)
    {
        var function = new SeveralStates();
        for (var k = 0; k <= index; k++) function.Offsets.Add(index * 100 + k);
        for (var k = 0; k < index * 3 % 4; k++) function.Names.Add($"n{index}-{k}");
        function.Seen.Add($"s{index}");
        function.Config.AddRange([7, index]);
        for (var k = 0; k < index % 3; k++) function.Watermarks.Add(index * 10 + k);
        function.Rules.Add($"rule-from-{index}");
        return function;
    }

    public void SnapshotState(ISnapshotContext context)
    {
        context.AddRange(OffsetsState, Offsets);
        context.AddRange(NamesState, Names);
        context.AddRange(SeenState, Seen);
        context.AddRange(ConfigState, Config);
        context.AddRange(WatermarksState, Watermarks);
        context.AddRange(RulesState, Rules);
    }

    public void RestoreState(IRestoreContext context)
    {
        RestoredWith = (context.CheckpointId, context.SubtaskIndex, context.Parallelism, context.PreviousParallelism);
        Offsets.AddRange(context.Get(OffsetsState));
        Names.AddRange(context.Get(NamesState));
        Seen.AddRange(context.Get(SeenState));
        Config.AddRange(context.Get(ConfigState));
        Watermarks.AddRange(context.Get(WatermarksState));
        Rules.AddRange(context.Get(RulesState));
    }
}

/// <summary>A function whose snapshot and restore are given as delegates, for one-off state layouts.</summary>
public sealed class Probe(Action<ISnapshotContext>? snapshot = null, Action<IRestoreContext>? restore = null) : ICheckpointedFunction
{
    public void SnapshotState(ISnapshotContext context) => snapshot?.Invoke(context);

    public void RestoreState(IRestoreContext context) => restore?.Invoke(context);
}
