namespace Checkpointing.Tests.Harness;

public class SnapshotCaptureTests
{
    [Fact]
    public void Changes_made_after_a_snapshot_do_not_leak_into_it()
    {
        var function = new LongList();
        function.Values.AddRange([1, 2, 3]);
        var snapshot = CheckpointHarness.Snapshot([function]);
        function.Values.Add(4);
        function.Values[0] = 100;

        var restored = Assert.Single(CheckpointHarness.Restore(snapshot, 1, () => new LongList()));
        Assert.Equal([1L, 2, 3], restored.Values);
    }

    [Fact]
    public void A_snapshot_can_be_restored_more_than_once()
    {
        var old = Enumerable.Range(0, 3).Select(SeveralStates.ForSubtask).ToArray();
        var snapshot = CheckpointHarness.Snapshot(old);
        var first = CheckpointHarness.Restore(snapshot, 2, () => new SeveralStates());
        var second = CheckpointHarness.Restore(snapshot, 2, () => new SeveralStates());
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(first[i].Offsets, second[i].Offsets);
            Assert.Equal(first[i].Seen, second[i].Seen);
        }
    }

    [Fact]
    public void Restored_instances_are_the_factorys_own_in_subtask_order()
    {
        var created = new List<SeveralStates>();
        var restored = CheckpointHarness.Restore(CheckpointHarness.Snapshot([SeveralStates.ForSubtask(0)]), 3, () =>
        {
            var f = new SeveralStates();
            created.Add(f);
            return f;
        });
        Assert.Equal(created, restored);
        Assert.Equal([0, 1, 2], restored.Select(f => f.RestoredWith!.Value.SubtaskIndex));
    }

    [Fact]
    public void An_instance_without_state_interfaces_is_refused_naming_its_type()
    {
        var error = Assert.Throws<ArgumentException>(() => CheckpointHarness.Snapshot([new LongList(), "not a function"]));
        Assert.Contains("Instance 1", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public void No_instances_or_a_null_instance_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CheckpointHarness.Snapshot([]));
        Assert.Throws<ArgumentException>(() => CheckpointHarness.Snapshot([new LongList(), null!]));
    }

    [Fact]
    public void Restoring_at_parallelism_zero_is_refused()
    {
        var snapshot = CheckpointHarness.Snapshot([new LongList()]);
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointHarness.Restore(snapshot, 0, () => new LongList()));
    }
}
