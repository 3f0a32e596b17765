namespace Checkpointing.Tests.Harness;

public class RescaleTests
{
    public static TheoryData<int, int> Parallelisms()
    {
        var data = new TheoryData<int, int>();
        for (var from = 1; from <= 8; from++)
            for (var to = 1; to <= 8; to++) data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Parallelisms))]
    public void List_checkpointed_units_survive_any_rescale_in_order(int from, int to)
    {
        var old = Enumerable.Range(0, from).Select(i =>
        {
            var f = new LongList();
            f.Values.AddRange(Enumerable.Range(0, i * 2 + 1).Select(k => (long)(i * 1000 + k)));
            return f;
        }).ToArray();

        var restored = CheckpointHarness.Restore(CheckpointHarness.Snapshot(old), to, () => new LongList());

        Assert.Equal(to, restored.Count);
        Assert.All(restored, f => Assert.Equal(1, f.RestoreCalls));
        Assert.Equal(old.SelectMany(f => f.Values), restored.SelectMany(f => f.Values));
        if (from == to)
        {
            for (var i = 0; i < to; i++) Assert.Equal(old[i].Values, restored[i].Values);
        }
        else
        {
            var n = old.Sum(f => f.Values.Count);
            for (var i = 0; i < to; i++) Assert.Equal(n / to + (i < n % to ? 1 : 0), restored[i].Values.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Parallelisms))]
    public void Several_states_of_each_mode_are_redistributed_as_their_mode_says(int from, int to)
    {
        var old = Enumerable.Range(0, from).Select(SeveralStates.ForSubtask).ToArray();

        var restored = CheckpointHarness.Restore(CheckpointHarness.Snapshot(old, checkpointId: 9), to, () => new SeveralStates());

        // Even-split: nothing lost or duplicated, each share a contiguous run of the old order.
        AssertContiguousPartition(old.SelectMany(f => f.Offsets).ToList(), restored.Select(f => f.Offsets));
        AssertContiguousPartition(old.SelectMany(f => f.Names).ToList(), restored.Select(f => f.Names));
        if (from == to)
        {
            for (var i = 0; i < to; i++)
            {
                Assert.Equal(old[i].Offsets, restored[i].Offsets);
                Assert.Equal(old[i].Names, restored[i].Names);
            }
        }
        else
        {
            var loads = restored.Select(f => f.Offsets.Count + f.Names.Count).ToArray();
            Assert.True(loads.Max() - loads.Min() <= 1, $"even-split load per subtask: {string.Join(",", loads)}");
        }

        var everyone = Enumerable.Range(0, from).Select(i => $"s{i}");
        for (var i = 0; i < to; i++)
        {
            Assert.Equal(everyone, restored[i].Seen);
            Assert.Equal([7, i % from], restored[i].Config);
            Assert.Equal(old.SelectMany(f => f.Watermarks), restored[i].Watermarks);
            Assert.Equal([$"rule-from-{i % from}"], restored[i].Rules);
            Assert.Equal((9L, i, to, from), restored[i].RestoredWith);
        }
    }

    private static void AssertContiguousPartition<T>(List<T> all, IEnumerable<List<T>> shares)
    {
        var seen = 0;
        foreach (var share in shares)
        {
            seen += share.Count;
            if (share.Count == 0) continue;
            var start = all.IndexOf(share[0]);
            Assert.True(start >= 0, $"unit {share[0]} was never written");
            Assert.Equal(all.Skip(start).Take(share.Count), share);
        }
        Assert.Equal(all.Count, seen);
        Assert.Equal(all.Order(), shares.SelectMany(s => s).Order());
    }
}
