using Checkpointing.Format;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Format;

/// <summary>A format error says which file, which field and where.</summary>
public class ErrorMessageTests
{
    private static string Rejected(byte[] bytes) => Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(bytes)).Message;

    private static byte[] WithHeaderByte(int offset, byte value)
    {
        var bytes = Samples.Bytes();
        bytes[offset] = value;
        return bytes;
    }

    [Fact]
    public void A_too_short_file_says_it_is_truncated()
    {
        var message = Rejected([0x43, 0x4B]);
        Assert.StartsWith("Operator snapshot:", message);
        Assert.Contains("2 bytes", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void A_wrong_magic_names_offset_zero() =>
        Assert.Contains("magic at offset 0", Rejected(WithHeaderByte(0, (byte)'X')));

    [Fact]
    public void An_unknown_version_names_the_version_and_offset_four()
    {
        var message = Rejected(Samples.Reseal(WithHeaderByte(4, 9)));
        Assert.Contains("version 9 at offset 4", message);
    }

    [Fact]
    public void Another_file_kind_names_offset_six_and_the_expected_kind()
    {
        var message = Rejected(Envelope.Wrap(FileKind.Metadata, [1, 2, 3]));
        Assert.Contains("file kind 1 at offset 6", message);
        Assert.Contains("OperatorSnapshot", message);
    }

    [Fact]
    public void A_torn_file_names_the_announced_and_actual_payload_lengths()
    {
        var bytes = Samples.Bytes();
        var message = Rejected(bytes[..^3]);
        Assert.Contains("offset 8", message);
        Assert.Contains($"{bytes.Length - 20}-byte payload", message);
        Assert.Contains($"holds {bytes.Length - 23}", message);
    }

    [Fact]
    public void A_flipped_payload_byte_is_a_checksum_mismatch()
    {
        var bytes = Samples.Bytes();
        bytes[20] ^= 0x10;
        Assert.Contains("checksum mismatch", Rejected(bytes));
    }

    [Fact]
    public void A_string_running_past_the_end_names_the_field_and_payload_offset()
    {
        var message = Rejected(Samples.Wrap([0x05, (byte)'o']));
        Assert.Contains("operator uid at payload offset 0", message);
        Assert.Contains("length 5", message);
    }

    [Fact]
    public void Invalid_utf8_names_the_field()
    {
        var message = Rejected(Samples.Wrap([0x02, 0xC3, 0x28]));
        Assert.Contains("operator uid", message);
        Assert.Contains("UTF-8", message);
    }

    [Fact]
    public void A_zero_parallelism_is_named()
    {
        var message = Rejected(Samples.Payload(w => { w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(0); w.WriteVarUInt(0); }));
        Assert.Contains("parallelism", message);
        Assert.Contains("at least 1", message);
    }

    [Fact]
    public void An_absurd_parallelism_is_refused_before_allocating()
    {
        var message = Rejected(Samples.Payload(w => { w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(int.MaxValue); w.WriteVarUInt(0); }));
        Assert.Contains("parallelism at payload offset 4", message);
        Assert.Contains("out of range", message);
    }

    [Fact]
    public void An_unknown_mode_names_the_state_and_the_value()
    {
        var message = Rejected(Samples.Payload(w =>
        {
            w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(1);
            w.WriteString("offsets"); w.WriteByte(7); w.WriteString("long");
        }));
        Assert.Contains("mode of state 'offsets'", message);
        Assert.Contains("7 is not a redistribution mode", message);
    }

    [Fact]
    public void Units_that_announce_more_than_they_hold_name_the_state_and_subtask()
    {
        var message = Rejected(Samples.Payload(w =>
        {
            w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(2); w.WriteVarUInt(1);
            StateCodec.WriteHeader(w, "offsets", Mode.EvenSplit, "long", []);
            w.WriteVarUInt(1); w.WriteBlock([0x01]);          // subtask 0: fine
            w.WriteVarUInt(2); w.WriteBlock([0xCD, 0x01, 0x2C]); // subtask 1: 2 units announced, 1 held
        }));
        Assert.Contains("state 'offsets', subtask 1", message);
        Assert.Contains("announces 2 units but holds only 1", message);
    }

    [Fact]
    public void A_unit_count_larger_than_the_byte_count_is_refused_before_decoding()
    {
        var message = Rejected(Samples.Payload(w =>
        {
            w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(1);
            StateCodec.WriteHeader(w, "offsets", Mode.EvenSplit, "long", []);
            w.WriteVarUInt(1000); w.WriteBlock([0x01, 0x02]);
        }));
        Assert.Contains("state 'offsets', subtask 0", message);
        Assert.Contains("1000 units cannot fit in 2 bytes", message);
    }

    [Fact]
    public void Bytes_after_the_last_unit_are_named()
    {
        var message = Rejected(Samples.Payload(w =>
        {
            w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(1);
            StateCodec.WriteHeader(w, "offsets", Mode.EvenSplit, "long", []);
            w.WriteVarUInt(1); w.WriteBlock([0x01, 0x02]);
        }));
        Assert.Contains("state 'offsets', subtask 0", message);
        Assert.Contains("1 bytes follow the last of its 1 units", message);
    }

    [Fact]
    public void A_unit_that_is_not_messagepack_names_the_state_and_byte()
    {
        var message = Rejected(Samples.Payload(w =>
        {
            w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(1);
            StateCodec.WriteHeader(w, "offsets", Mode.EvenSplit, "long", []);
            w.WriteVarUInt(1); w.WriteBlock([0xC1]);           // 0xC1 is never used in MessagePack
        }));
        Assert.Contains("state 'offsets', subtask 0", message);
        Assert.Contains("not well-formed MessagePack at byte 0", message);
    }

    [Fact]
    public void Trailing_payload_bytes_name_the_end_of_payload()
    {
        var message = Rejected(Samples.Payload(w => { w.WriteString("op"); w.WriteVarInt(1); w.WriteVarUInt(1); w.WriteVarUInt(0); w.WriteByte(0); }));
        Assert.Contains("end of payload at payload offset 6", message);
        Assert.Contains("1 unexpected trailing bytes", message);
    }
}
