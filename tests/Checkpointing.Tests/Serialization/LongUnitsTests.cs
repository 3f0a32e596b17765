using System.Buffers;
using MessagePack;

namespace Checkpointing.Tests.Serialization;

/// <summary>
/// Units of <c>long</c> are encoded in one pass into an array of their exact length; a state that mixes them with
/// units added one by one must still hold every unit, in order, as MessagePack bytes.
/// </summary>
public class LongUnitsTests
{
    private static readonly ListStateDescriptor<long> Offsets = new("offsets");

    private sealed class MixedWrites(long[] first, long single, long[] last) : ICheckpointedFunction
    {
        public List<long> Restored { get; private set; } = [];

        public void SnapshotState(ISnapshotContext context)
        {
            context.AddRange(Offsets, first);  // a span of longs: one exact array
            context.Add(Offsets, single);      // then one unit after it in the same state
            context.AddRange(Offsets, last);   // and another span after that
        }

        public void RestoreState(IRestoreContext context) => Restored = [.. context.Get(Offsets)];
    }

    private static long[] Values(int count, long seed) => [.. Enumerable.Range(0, count).Select(i => (i * seed) ^ (i % 3 == 0 ? -i : i << 20))];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 3)]
    [InlineData(100_000, 50_000)]
    public void Spans_and_single_units_of_one_state_keep_every_value_in_order(int firstCount, int lastCount)
    {
        var first = Values(firstCount, 7_919);
        var last = Values(lastCount, -104_729);
        var snapshot = CheckpointHarness.Snapshot([new MixedWrites(first, long.MinValue, last)]);

        var restored = CheckpointHarness.Restore(snapshot, 1, () => new MixedWrites([], 0, []))[0].Restored;

        Assert.Equal([.. first, long.MinValue, .. last], restored);
    }

    [Fact]
    public void The_stored_bytes_are_the_units_as_MessagePack_writes_them()
    {
        var values = Values(5_000, 31);
        var snapshot = CheckpointHarness.Snapshot([new MixedWrites(values, 42, [])]);

        var expected = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(expected);
        foreach (var value in values) writer.Write(value);
        writer.Write(42L);
        writer.Flush();
        var stored = snapshot.States.Single().PerSubtask[0].Bytes;

        Assert.Equal(expected.WrittenSpan.ToArray(), stored.ToArray());
    }

    [Fact]
    public void A_unit_that_is_not_a_long_is_reported_with_its_index()
    {
        var strings = new ListStateDescriptor<string>("offsets");
        var snapshot = CheckpointHarness.Snapshot([new StringWriter(strings)]);

        var error = Assert.Throws<CheckpointRestoreException>(() => CheckpointHarness.Restore(snapshot, 1, () => new MixedWrites([], 0, [])));

        Assert.Contains("unit 0", error.Message);
        Assert.Contains("'offsets'", error.Message);
    }

    private sealed class StringWriter(ListStateDescriptor<string> state) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context)
        {
            context.Add(state, "not a number");
        }

        public void RestoreState(IRestoreContext context) { }
    }
}
