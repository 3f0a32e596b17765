using CsCheck;

namespace Checkpointing.Tests.Format;

public class RoundTripTests
{
    [Fact]
    public void A_snapshot_read_back_from_bytes_describes_the_same_state()
    {
        var original = Samples.Snapshot(checkpointId: 12);
        var again = OperatorSnapshot.FromBytes(original.ToBytes());
        Assert.Equal(original.OperatorUid, again.OperatorUid);
        Assert.Equal(12, again.CheckpointId);
        Assert.Equal(3, again.Parallelism);
        Assert.Equal(["config", "names", "nothing", "offsets"], again.StateNames);
        foreach (var name in original.StateNames)
        {
            Assert.Equal(original.ModeOf(name), again.ModeOf(name));
            for (var s = 0; s < 3; s++) Assert.Equal(original.UnitCount(name, s), again.UnitCount(name, s));
        }
    }

    [Fact]
    public void A_snapshot_read_back_from_bytes_restores_the_same_units()
    {
        var again = OperatorSnapshot.FromBytes(Samples.Bytes());
        var offsets = new List<long>();
        var names = new List<string>();
        var configs = new List<int[]>();
        CheckpointHarness.Restore(again, 2, () => Probe.Reading(c =>
        {
            offsets.AddRange(c.Get(Samples.Offsets));
            names.AddRange(c.Get(Samples.Names));
            configs.AddRange(c.Get(Samples.Config));
            Assert.True(c.Contains(Samples.Nothing.Name));
            Assert.Empty(c.Get(Samples.Nothing));
        }));
        Assert.Equal([0L, 1_000_000_007, 1_000_000_008, 2_000_000_014, 2_000_000_015, 2_000_000_016], offsets);
        Assert.Equal(["subtask-0-é", "subtask-1-é", "subtask-2-é", "subtask-0-é", "subtask-1-é", "subtask-2-é"], names);
        Assert.All(configs, c => Assert.Equal([1, 2, 300], c));
        Assert.Equal(2, configs.Count);
    }

    [Fact]
    public void Bytes_read_and_written_again_are_identical()
    {
        var bytes = Samples.Bytes();
        Assert.Equal(bytes, OperatorSnapshot.FromBytes(bytes).ToBytes());
    }

    [Fact]
    public void Encoding_is_deterministic()
    {
        Assert.Equal(Samples.Snapshot().ToBytes(), Samples.Snapshot().ToBytes());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Extreme_checkpoint_ids_round_trip(long checkpointId)
    {
        var bytes = Samples.Snapshot(checkpointId).ToBytes();
        var again = OperatorSnapshot.FromBytes(bytes);
        Assert.Equal(checkpointId, again.CheckpointId);
        Assert.Equal(bytes, again.ToBytes());
    }

    [Fact]
    public void Random_snapshots_round_trip_byte_for_byte()
    {
        var state = new ListStateDescriptor<string>("s");
        Gen.String.Array[0, 6].Array[1, 8].Sample(subtasks =>
        {
            var snapshot = CheckpointHarness.Snapshot([.. subtasks.Select(units => Probe.Writing(c => c.AddRange(state, units)))]);
            var bytes = snapshot.ToBytes();
            Assert.Equal(bytes, OperatorSnapshot.FromBytes(bytes).ToBytes());
            var restored = new List<string>();
            CheckpointHarness.Restore(OperatorSnapshot.FromBytes(bytes), subtasks.Length, () => Probe.Reading(c => restored.AddRange(c.Get(state))));
            Assert.Equal(subtasks.SelectMany(u => u), restored);
        }, iter: 300);
    }

    private sealed class Probe(Action<ISnapshotContext> snapshot, Action<IRestoreContext> restore) : ICheckpointedFunction
    {
        public static Probe Writing(Action<ISnapshotContext> snapshot) => new(snapshot, _ => { });

        public static Probe Reading(Action<IRestoreContext> restore) => new(_ => { }, restore);

        public void SnapshotState(ISnapshotContext context) => snapshot(context);

        public void RestoreState(IRestoreContext context) => restore(context);
    }
}
