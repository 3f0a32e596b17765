using CsCheck;

namespace Checkpointing.Tests.Format;

public class DamagedBytesTests
{
    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void Every_single_byte_flip_is_rejected_with_a_format_exception(int mask)
    {
        var bytes = Samples.Bytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= (byte)mask;
            var error = Record.Exception(() => OperatorSnapshot.FromBytes(damaged));
            Assert.True(error is CheckpointFormatException, $"flipping byte {i} with {mask:x2}: {error?.GetType().Name ?? "accepted"}");
        }
    }

    [Fact]
    public void Every_truncation_is_rejected_with_a_format_exception()
    {
        var bytes = Samples.Bytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Record.Exception(() => OperatorSnapshot.FromBytes(bytes.AsSpan(0, length)));
            Assert.True(error is CheckpointFormatException, $"truncated to {length}: {error?.GetType().Name ?? "accepted"}");
        }
    }

    [Fact]
    public void Appended_bytes_are_rejected()
    {
        byte[] longer = [.. Samples.Bytes(), 0];
        Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.FromBytes(longer));
    }

    [Fact]
    public void Random_bytes_are_rejected_with_a_format_exception_only()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
            Assert.True(Record.Exception(() => OperatorSnapshot.FromBytes(bytes)) is CheckpointFormatException), iter: 3000);
    }

    [Fact]
    public void Random_bytes_behind_a_valid_header_are_rejected_with_a_format_exception_only()
    {
        var header = Samples.Bytes()[..12];
        Gen.Byte.Array[0, 300].Sample(tail =>
            Assert.True(Record.Exception(() => OperatorSnapshot.FromBytes([.. header, .. tail])) is CheckpointFormatException), iter: 3000);
    }

    [Fact]
    public void Random_payloads_in_a_valid_frame_are_rejected_or_reencode_exactly()
    {
        Gen.Byte.Array[0, 200].Sample(payload => Samples.AssertRejectedOrExact(Samples.Wrap(payload)), iter: 5000);
    }

    [Fact]
    public void Small_random_payloads_in_a_valid_frame_are_rejected_or_reencode_exactly()
    {
        // Short payloads of small bytes often parse a long way (empty uid, small counts), reaching the deeper checks.
        Gen.Byte[0, 4].Array[0, 24].Sample(payload => Samples.AssertRejectedOrExact(Samples.Wrap(payload)), iter: 5000);
    }

    [Fact]
    public void Mutated_real_payloads_in_a_valid_frame_are_rejected_or_reencode_exactly()
    {
        var payload = Samples.Payload(Samples.Bytes());
        var mutations = Gen.Select(Gen.Int[0, payload.Length - 1], Gen.Byte, Gen.Int[0, 2]).Array[1, 4];
        mutations.Sample(edits =>
        {
            var list = payload.ToList();
            foreach (var (at, value, kind) in edits)
            {
                var i = Math.Min(at, list.Count - 1);
                if (i < 0) break;
                switch (kind)
                {
                    case 0: list[i] = value; break;
                    case 1: list.Insert(i, value); break;
                    default: list.RemoveAt(i); break;
                }
            }
            Samples.AssertRejectedOrExact(Samples.Wrap([.. list]));
        }, iter: 5000);
    }

    [Fact]
    public void Every_single_byte_change_of_the_payload_in_a_valid_frame_is_rejected_or_reencodes_exactly()
    {
        var payload = Samples.Payload(Samples.Bytes());
        for (var i = 0; i < payload.Length; i++)
            foreach (var value in new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xC1, 0xDD, 0xFF, (byte)(payload[i] + 1) })
            {
                var edited = (byte[])payload.Clone();
                edited[i] = value;
                Samples.AssertRejectedOrExact(Samples.Wrap(edited));
            }
    }
}
