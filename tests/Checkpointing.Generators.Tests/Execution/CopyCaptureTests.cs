using Checkpointing.Generators.Tests.Execution.Functions;
using Checkpointing.Snapshots;

namespace Checkpointing.Generators.Tests.Execution;

/// <summary>
/// Collection fields whose units cannot change are copied under the checkpoint lock and serialized after it is
/// released (src/Checkpointing/Serialization/Generated/StateUnits.cs, Capture); units that can change are still
/// serialized under the lock. Each test takes the synchronous part of a snapshot (what runs under the lock), changes
/// the state as the source would right after the lock is released, then runs the asynchronous part and restores.
/// </summary>
public class CopyCaptureTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static CapturedState Filled() => new()
    {
        Longs = [1, 2, 3],
        Strings = ["a", "b"],
        Counts = new() { ["x"] = 1, ["y"] = 2 },
        Readings = [new Reading("s1", 1.5, At), new Reading("s2", 2.5, At)],
        Array = [7, 8],
        Frozen = ["f1", "f2"],
        Items = [new MutableItem { Name = "first" }],
    };

    private static (OperatorSubtaskState Part, IReadOnlyList<Func<CancellationToken, Task>> Later) UnderTheLock(CapturedState state) =>
        FunctionState.SnapshotSynchronousPart(FunctionState.Of(state), CheckpointHarness.OperatorUid, 0, 1, checkpointId: 1, timestamp: 0);

    private static CapturedState Restored(OperatorSubtaskState part) =>
        CheckpointHarness.Restore(OperatorSnapshot.FromBytes(OperatorSnapshot.Assemble(CheckpointHarness.OperatorUid, 1, [part]).ToBytes()), 1, () => new CapturedState())[0];

    private static UnitBlock Units(OperatorSubtaskState part, string state) => part.States.Single(s => s.Name == state).Units;

    [Fact]
    public async Task Immutable_units_are_serialized_after_the_lock_with_the_values_they_had_under_it()
    {
        var state = Filled();
        var (part, later) = UnderTheLock(state);

        foreach (var name in new[] { "Longs", "Strings", "Counts", "Readings", "Array", "Frozen" })
            Assert.False(Units(part, name).IsSerialized, $"{name} was serialized under the lock");
        // The lock is released: the source changes every field in place.
        state.Longs[0] = 100;
        state.Longs.Add(4);
        state.Strings.Clear();
        state.Counts["x"] = 99;
        state.Counts["z"] = 3;
        state.Readings[1] = new Reading("changed", 0, At);
        state.Array[0] = -1;
        state.Frozen = state.Frozen.Add("f3");
        foreach (var work in later) await work(CancellationToken.None);

        var restored = Restored(part);
        Assert.Equal([1L, 2, 3], restored.Longs);
        Assert.Equal(["a", "b"], restored.Strings);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 1, ["y"] = 2 }, restored.Counts);
        Assert.Equal([new Reading("s1", 1.5, At), new Reading("s2", 2.5, At)], restored.Readings);
        Assert.Equal([7L, 8], restored.Array);
        Assert.Equal(["f1", "f2"], restored.Frozen);
    }

    [Fact]
    public async Task Mutable_units_are_serialized_under_the_lock()
    {
        var state = Filled();
        var (part, later) = UnderTheLock(state);

        Assert.True(Units(part, "Items").IsSerialized);
        state.Items[0].Name = "changed after the lock";
        foreach (var work in later) await work(CancellationToken.None);

        Assert.Equal("first", Restored(part).Items.Single().Name);
    }

    [Fact]
    public void Captured_units_cannot_be_read_before_the_asynchronous_part_serialized_them()
    {
        var (part, _) = UnderTheLock(Filled());

        var error = Assert.Throws<InvalidOperationException>(() => Units(part, "Longs").Bytes);
        Assert.Contains("not serialized yet", error.Message);
        Assert.Equal(3, Units(part, "Longs").Count);
    }

    [Fact]
    public async Task Captured_bytes_equal_the_bytes_serialized_under_the_lock()
    {
        var (part, later) = UnderTheLock(Filled());
        foreach (var work in later) await work(CancellationToken.None);

        // The harness runs the asynchronous parts at once; the files must not depend on when units were serialized.
        var direct = CheckpointHarness.Snapshot([Filled()], checkpointId: 1).ToBytes();
        Assert.Equal(direct, OperatorSnapshot.Assemble(CheckpointHarness.OperatorUid, 1, [part]).ToBytes());
    }
}
