using Checkpointing.Snapshots;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Redistribution;

/// <summary>Several even-split states of one operator share Flink's rotation, so per-subtask load differs by at most one overall.</summary>
public class SeveralStatesRotationTests
{
    private static int[] Loads(IEnumerable<int[]> statesCounts, Mode mode, int newParallelism)
    {
        var loads = new int[newParallelism];
        var rotation = 0;
        foreach (var counts in statesCounts)
        {
            var plan = RedistributionPlan.Plan(counts, mode, newParallelism, ref rotation);
            for (var s = 0; s < newParallelism; s++) loads[s] += RedistributionPlan.Count(plan[s]);
        }
        return loads;
    }

    [Fact]
    public void Three_single_unit_states_land_on_three_different_subtasks()
    {
        var loads = Loads([[1, 0], [0, 1], [1, 0]], Mode.EvenSplit, 3);
        Assert.Equal([1, 1, 1], loads);
    }

    [Fact]
    public void Extras_of_the_next_state_start_where_the_previous_state_stopped_handing_them_out()
    {
        var rotation = 0;
        var first = RedistributionPlan.Plan([5], Mode.EvenSplit, 3, ref rotation);   // 2,2,1: extras at 0 and 1
        Assert.Equal([2, 2, 1], first.Select(RedistributionPlan.Count));
        Assert.Equal(2, rotation);
        var second = RedistributionPlan.Plan([4], Mode.EvenSplit, 3, ref rotation);  // extra at 2
        Assert.Equal([1, 1, 2], second.Select(RedistributionPlan.Count));
        Assert.Equal(0, rotation);
    }

    [Fact]
    public void A_rotated_state_starts_its_contiguous_chunks_at_the_rotation_subtask()
    {
        var rotation = 1;
        var plan = RedistributionPlan.Plan([2, 2], Mode.EvenSplit, 3, ref rotation);
        // Subtask 1 (the rotation start) gets the first chunk and the extra unit; the chunks then wrap around.
        Assert.Equal([new UnitRange(0, 0, 2)], plan[1]);
        Assert.Equal([new UnitRange(1, 0, 1)], plan[2]);
        Assert.Equal([new UnitRange(1, 1, 1)], plan[0]);
        Assert.Equal(2, rotation);
    }

    [Fact]
    public void Without_a_shared_rotation_every_state_would_favour_subtask_zero()
    {
        // The control: planning each state with a fresh rotation piles all extras onto subtask 0.
        var loads = new int[3];
        foreach (var counts in new[] { new[] { 1, 0 }, [0, 1], [1, 0] })
        {
            var fresh = 0;
            var plan = RedistributionPlan.Plan(counts, Mode.EvenSplit, 3, ref fresh);
            for (var s = 0; s < 3; s++) loads[s] += RedistributionPlan.Count(plan[s]);
        }
        Assert.Equal([3, 0, 0], loads);
    }

    [Fact]
    public void Union_and_broadcast_states_leave_the_rotation_alone()
    {
        var rotation = 2;
        RedistributionPlan.Plan([3, 1], Mode.Union, 3, ref rotation);
        RedistributionPlan.Plan([3, 3], Mode.Broadcast, 3, ref rotation);
        Assert.Equal(2, rotation);
    }

    [Fact]
    public void Harness_snapshot_with_several_states_is_assigned_with_balanced_load()
    {
        // Old subtask 0 writes one unit of each of states a..e, old subtask 1 writes nothing.
        var names = new[] { "a", "b", "c", "d", "e" };
        var snapshot = CheckpointHarness.Snapshot([new StatesWriter(names, 1), new StatesWriter(names, 0)]);
        var shares = StateAssignment.Assign(snapshot, 4);
        var loads = shares.Select(share => share.Values.Sum(s => s.Count)).ToArray();
        Assert.Equal(5, loads.Sum());
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(",", loads)}");
        Assert.All(shares, share => Assert.Equal(names, share.Keys.Order(StringComparer.Ordinal)));
    }

    /// <summary>Writes <c>unitsPerState</c> units into each named even-split state.</summary>
    private sealed class StatesWriter(string[] names, int unitsPerState) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context)
        {
            foreach (var name in names) context.AddRange(new ListStateDescriptor<int>(name), Enumerable.Range(0, unitsPerState));
        }

        public void RestoreState(IRestoreContext context) { }
    }
}
