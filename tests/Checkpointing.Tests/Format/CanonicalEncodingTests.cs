using Checkpointing.Format;

namespace Checkpointing.Tests.Format;

/// <summary>Bytes the reader accepts must be exactly the bytes the writer would produce (ToBytes(FromBytes(b)) == b).</summary>
public class CanonicalEncodingTests
{
    private static byte[] MinimalSnapshot(Action<FormatWriter> writeCheckpointId) => Samples.Payload(w =>
    {
        w.WriteString("op");
        writeCheckpointId(w);
        w.WriteVarUInt(1);      // parallelism
        w.WriteVarUInt(0);      // no states
    });

    [Fact]
    public void A_minimal_snapshot_written_field_by_field_is_accepted_and_reencodes_exactly()
    {
        var bytes = MinimalSnapshot(w => w.WriteVarInt(3));
        var snapshot = OperatorSnapshot.FromBytes(bytes);
        Assert.Equal("op", snapshot.OperatorUid);
        Assert.Equal(3, snapshot.CheckpointId);
        Assert.Equal(bytes, snapshot.ToBytes());
    }

    [Fact]
    public void A_non_minimal_number_is_rejected()
    {
        // 3 zig-zag encoded is 6; 0x86 0x00 is a two-byte spelling of it.
        var bytes = MinimalSnapshot(w => { w.WriteByte(0x86); w.WriteByte(0x00); });
        var error = Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(bytes));
        Assert.Contains("checkpoint id", error.Message);
        Assert.Contains("minimally encoded", error.Message);
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x7F)]
    public void A_ten_byte_number_with_bits_beyond_64_is_rejected_or_reencodes_exactly(int lastByte)
    {
        // Nine continuation bytes put the tenth at shift 63: only its lowest bit fits in a ulong.
        var bytes = MinimalSnapshot(w =>
        {
            for (var i = 0; i < 9; i++) w.WriteByte(0xFF);
            w.WriteByte((byte)lastByte);
        });
        Samples.AssertRejectedOrExact(bytes);
    }

    [Fact]
    public void A_non_zero_reserved_header_byte_is_rejected_or_reencodes_exactly()
    {
        var bytes = Samples.Bytes();
        bytes[7] = 1;
        Samples.AssertRejectedOrExact(Samples.Reseal(bytes));
    }

    [Fact]
    public void States_out_of_ordinal_order_are_rejected()
    {
        var bytes = Samples.Payload(w =>
        {
            w.WriteString("op");
            w.WriteVarInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt(2);
            foreach (var name in new[] { "b", "a" })
            {
                StateCodec.WriteHeader(w, name, Checkpointing.Redistribution.EvenSplit, "long", []);
                w.WriteVarUInt(0);
                w.WriteBlock([]);
            }
        });
        var error = Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(bytes));
        Assert.Contains("state 'a'", error.Message);
        Assert.Contains("ascending", error.Message);
    }

    [Fact]
    public void A_state_listed_twice_is_rejected()
    {
        var bytes = Samples.Payload(w =>
        {
            w.WriteString("op");
            w.WriteVarInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt(2);
            for (var i = 0; i < 2; i++)
            {
                StateCodec.WriteHeader(w, "a", Checkpointing.Redistribution.EvenSplit, "long", []);
                w.WriteVarUInt(0);
                w.WriteBlock([]);
            }
        });
        Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(bytes));
    }
}
