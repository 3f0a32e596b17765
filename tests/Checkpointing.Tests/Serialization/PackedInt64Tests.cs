using System.Buffers;
using Checkpointing.Serialization.Formatters;
using CsCheck;
using MessagePack;

namespace Checkpointing.Tests.Serialization;

/// <summary>
/// The span codec that state units of <c>long</c> use must write exactly MessagePackWriter's bytes and read everything
/// MessagePackReader.ReadInt64 reads: checkpoints written before it, and by it, stay readable both ways.
/// </summary>
public class PackedInt64Tests
{
    private static readonly long[] Edges =
    [
        0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue,
        -1, -32, -33, -128, -129, short.MinValue, short.MinValue - 1, int.MinValue, (long)int.MinValue - 1, long.MinValue,
    ];

    private static byte[] MessagePackBytes(long value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] PackedBytes(long value)
    {
        var bytes = new byte[PackedInt64.Length(value)];
        Assert.Equal(bytes.Length, PackedInt64.Write(bytes, value));
        return bytes;
    }

    [Fact]
    public void Every_encoding_boundary_is_written_as_MessagePack_writes_it_and_read_back()
    {
        foreach (var value in Edges)
        {
            var bytes = PackedBytes(value);
            Assert.Equal(MessagePackBytes(value), bytes);
            var position = 0;
            Assert.Equal(value, PackedInt64.Read(bytes, ref position));
            Assert.Equal(bytes.Length, position);
        }
    }

    [Fact]
    public void Any_long_is_written_as_MessagePack_writes_it_and_read_back() =>
        Gen.Long.Sample(value =>
        {
            var bytes = PackedBytes(value);
            var position = 0;
            return bytes.AsSpan().SequenceEqual(MessagePackBytes(value)) && PackedInt64.Read(bytes, ref position) == value && position == bytes.Length;
        });

    [Fact]
    public void A_span_of_longs_sums_the_lengths_of_its_values()
    {
        Assert.Equal(Edges.Sum(v => (long)MessagePackBytes(v).Length), SpanScalars.Codec<long>.Instance.Length(Edges));
    }

    [Theory]
    [InlineData(new byte[] { 0xd3, 0, 0, 0, 0, 0, 0, 0, 5 }, 5L)]        // int64 spelling of a small value
    [InlineData(new byte[] { 0xcf, 0, 0, 0, 0, 0, 0, 1, 0 }, 256L)]      // uint64 spelling
    [InlineData(new byte[] { 0xd0, 0x05 }, 5L)]                          // int8 spelling of a positive value
    [InlineData(new byte[] { 0xce, 0xff, 0xff, 0xff, 0xff }, 4294967295L)]
    [InlineData(new byte[] { 0xd1, 0xff, 0x7f }, -129L)]
    public void Longer_spellings_that_MessagePack_reads_are_read_too(byte[] bytes, long expected)
    {
        var position = 0;
        Assert.Equal(expected, PackedInt64.Read(bytes, ref position));
        Assert.Equal(bytes.Length, position);
        Assert.Equal(expected, new MessagePackReader(bytes).ReadInt64());
    }

    [Theory]
    [InlineData(new byte[] { 0xa1, 0x61 }, "Unexpected msgpack code")]  // a string
    [InlineData(new byte[] { 0xc0 }, "Unexpected msgpack code")]        // nil
    [InlineData(new byte[] { 0xd2, 0, 0 }, "cut short")]
    [InlineData(new byte[] { 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "does not fit a long")]
    [InlineData(new byte[] { }, "bytes end")]
    public void What_is_not_a_long_is_refused_with_what_was_found(byte[] bytes, string expected)
    {
        var position = 0;
        var error = Assert.Throws<MessagePackSerializationException>(() => PackedInt64.Read(bytes, ref position));
        Assert.Contains(expected, error.Message);
        Assert.Equal(0, position);
    }
}
