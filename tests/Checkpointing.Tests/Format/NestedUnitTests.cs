using Checkpointing.Format;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Format;

/// <summary>Units are checked iteratively: a crafted, deeply nested value cannot exhaust the stack.</summary>
public class NestedUnitTests
{
    private static byte[] SnapshotWithUnit(byte[] unit) => Samples.Payload(w =>
    {
        w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(1);
        StateCodec.WriteHeader(w, "deep", Mode.EvenSplit, "object", []);
        w.WriteVarUInt(1);
        w.WriteBlock(unit);
    });

    [Fact]
    public void A_well_formed_unit_nested_a_million_levels_deep_is_accepted_and_reencodes_exactly()
    {
        byte[] unit = [.. Enumerable.Repeat((byte)0x91, 1_000_000), 0xC0];  // [[[...[nil]...]]]
        var bytes = SnapshotWithUnit(unit);
        Assert.Equal(bytes, OperatorSnapshot.FromBytes(bytes).ToBytes());
    }

    [Fact]
    public void A_deeply_nested_unit_missing_its_innermost_value_is_a_format_exception()
    {
        byte[] unit = [.. Enumerable.Repeat((byte)0x91, 1_000_000)];
        var error = Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(SnapshotWithUnit(unit)));
        Assert.Contains("state 'deep'", error.Message);
    }

    [Fact]
    public void A_unit_announcing_four_billion_elements_is_a_format_exception()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(SnapshotWithUnit([0xDD, 0xFF, 0xFF, 0xFF, 0xFF, 0xC0])));
        Assert.Contains("not well-formed MessagePack", error.Message);
    }
}
