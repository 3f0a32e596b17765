using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Harness;

public class RestoreContextTests
{
    private static readonly ListStateDescriptor<long> Present = new("present");
    private static readonly ListStateDescriptor<long> Empty = new("empty");
    private static readonly ListStateDescriptor<long> Absent = new("absent");

    private sealed record Seen(bool Contains, bool Found, IReadOnlyList<long> Units, IReadOnlyList<long> ViaGet);

    private static Seen Look(IRestoreContext context, ListStateDescriptor<long> state)
    {
        var found = context.TryGet(state, out var units);
        return new Seen(context.Contains(state.Name), found, units, context.Get(state));
    }

    private static IReadOnlyList<Dictionary<string, Seen>> RestoreAll(int oldParallelism, int newParallelism)
    {
        var old = Enumerable.Range(0, oldParallelism).Select(_ => new Probe(c =>
        {
            c.Add(Present, 1L);
            c.AddRange(Empty, Array.Empty<long>());
        })).ToArray();
        var results = new List<Dictionary<string, Seen>>();
        CheckpointHarness.Restore(CheckpointHarness.Snapshot(old), newParallelism, () => new Probe(restore: c =>
            results.Add(new() { ["present"] = Look(c, Present), ["empty"] = Look(c, Empty), ["absent"] = Look(c, Absent) })));
        return results;
    }

    [Fact]
    public void An_absent_state_is_not_contained_and_try_get_returns_false()
    {
        var seen = RestoreAll(1, 1)[0]["absent"];
        Assert.False(seen.Contains);
        Assert.False(seen.Found);
        Assert.Empty(seen.Units);
        Assert.Empty(seen.ViaGet);
    }

    [Fact]
    public void A_state_written_with_no_units_is_contained_and_try_get_returns_true_and_empty()
    {
        var seen = RestoreAll(2, 2)[1]["empty"];
        Assert.True(seen.Contains);
        Assert.True(seen.Found);
        Assert.Empty(seen.Units);
    }

    [Fact]
    public void A_subtask_that_receives_no_units_after_scale_up_still_sees_the_state_as_present()
    {
        var all = RestoreAll(1, 3);
        Assert.Equal([1L], all[0]["present"].Units);
        foreach (var subtask in all.Skip(1))
        {
            Assert.True(subtask["present"].Contains);
            Assert.True(subtask["present"].Found);
            Assert.Empty(subtask["present"].Units);
        }
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 1)]
    [InlineData(3, 3)]
    public void The_context_reports_subtask_parallelism_previous_parallelism_and_checkpoint_id(int from, int to)
    {
        var old = Enumerable.Range(0, from).Select(_ => new Probe(c => c.Add(new ListStateDescriptor<int>("u", Mode.Union), 1))).ToArray();
        var snapshot = CheckpointHarness.Snapshot(old, checkpointId: 1234);
        var reported = new List<(long, int, int, int)>();
        CheckpointHarness.Restore(snapshot, to, () => new Probe(restore: c =>
        {
            c.Get(new ListStateDescriptor<int>("u", Mode.Union));
            reported.Add((c.CheckpointId, c.SubtaskIndex, c.Parallelism, c.PreviousParallelism));
        }));
        Assert.Equal(Enumerable.Range(0, to).Select(i => (1234L, i, to, from)), reported);
    }

    [Fact]
    public void The_snapshot_context_carries_the_checkpoint_id()
    {
        long seen = -1;
        var snapshot = CheckpointHarness.Snapshot([new Probe(c => seen = c.CheckpointId)], checkpointId: 77);
        Assert.Equal(77, seen);
        Assert.Equal(77, snapshot.CheckpointId);
    }

    [Fact]
    public void The_snapshot_describes_its_states_in_ordinal_order()
    {
        var snapshot = CheckpointHarness.Snapshot([SeveralStates.ForSubtask(0), SeveralStates.ForSubtask(1)]);
        Assert.Equal(["config", "names", "offsets", "rules", "seen", "watermarks"], snapshot.StateNames);
        Assert.Equal(Mode.Broadcast, snapshot.ModeOf("config"));
        Assert.Equal(Mode.Union, snapshot.ModeOf("seen"));
        Assert.Equal(2, snapshot.UnitCount("offsets", 1));
        Assert.Equal(2, snapshot.Parallelism);
        Assert.Equal(CheckpointHarness.OperatorUid, snapshot.OperatorUid);
    }
}
