using System.Buffers;
using Checkpointing.Serialization.Formatters;
using CsCheck;
using MessagePack;

namespace Checkpointing.Tests.Serialization;

/// <summary>
/// Units of int, double and string are written and read on spans: the bytes must be exactly MessagePackWriter's, and
/// what MessagePackReader reads must read the same, so checkpoints written before and after stay readable.
/// </summary>
public class SpanScalarsTests
{
    private delegate void Writing(ref MessagePackWriter writer);

    private static byte[] MessagePackBytes(Writing write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] SpanBytes<T>(T value)
    {
        var codec = SpanScalars.Codec<T>.Instance;
        var bytes = new byte[codec.Length([value])];
        Assert.Equal(bytes.Length, codec.Write(bytes, [value]));
        return bytes;
    }

    private static T ReadBack<T>(byte[] bytes)
    {
        var position = 0;
        var value = SpanScalars.Codec<T>.Instance.Read(bytes, ref position);
        Assert.Equal(bytes.Length, position);
        return value;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Strings_at_every_header_boundary_are_written_as_MessagePack_writes_them(int length)
    {
        var text = new string('x', length);
        var bytes = SpanBytes(text);
        Assert.Equal(MessagePackBytes((ref MessagePackWriter w) => w.Write(text)), bytes);
        Assert.Equal(text, ReadBack<string>(bytes));
    }

    [Fact]
    public void Any_string_null_and_unpaired_surrogates_included_is_written_as_MessagePack_writes_it() =>
        Gen.String.Null().Sample(text =>
        {
            var bytes = SpanBytes(text);
            return bytes.AsSpan().SequenceEqual(MessagePackBytes((ref MessagePackWriter w) => w.Write(text)))
                && ReadBack<string?>(bytes) == new MessagePackReader(bytes).ReadString();
        });

    [Fact]
    public void Any_int_and_double_is_written_as_MessagePack_writes_it()
    {
        Gen.Int.Sample(value => SpanBytes(value).AsSpan().SequenceEqual(MessagePackBytes((ref MessagePackWriter w) => w.Write(value))) && ReadBack<int>(SpanBytes(value)) == value);
        Gen.Double.Sample(value => SpanBytes(value).AsSpan().SequenceEqual(MessagePackBytes((ref MessagePackWriter w) => w.Write(value))) && ReadBack<double>(SpanBytes(value)).Equals(value));
    }

    [Fact]
    public void A_double_written_as_a_float_or_an_integer_is_read_as_MessagePack_reads_it()
    {
        Assert.Equal(1.5, ReadBack<double>(MessagePackBytes((ref MessagePackWriter w) => w.Write(1.5f))));
        Assert.Equal(-7.0, ReadBack<double>(MessagePackBytes((ref MessagePackWriter w) => w.Write(-7L))));
    }

    [Theory]
    [InlineData(new byte[] { 0xa3, 0x61, 0x62 }, "cut short")]
    [InlineData(new byte[] { 0xd9 }, "cut short")]
    [InlineData(new byte[] { 0x05 }, "Unexpected msgpack code")]
    public void A_damaged_string_is_refused_with_what_was_found(byte[] bytes, string expected)
    {
        var position = 0;
        var error = Assert.Throws<MessagePackSerializationException>(() => SpanScalars.Codec<string>.Instance.Read(bytes, ref position));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_string_where_a_double_is_expected_is_refused_as_such()
    {
        var bytes = MessagePackBytes((ref MessagePackWriter w) => w.Write("1.5"));
        var position = 0;
        var error = Assert.Throws<MessagePackSerializationException>(() => SpanScalars.Codec<double>.Instance.Read(bytes, ref position));
        Assert.Contains("where a double was expected", error.Message);
    }

    [Fact]
    public void An_integer_beyond_int_is_refused_for_an_int()
    {
        var bytes = MessagePackBytes((ref MessagePackWriter w) => w.Write((long)int.MaxValue + 1));
        var position = 0;
        var error = Assert.Throws<MessagePackSerializationException>(() => SpanScalars.Codec<int>.Instance.Read(bytes, ref position));
        Assert.Contains("does not fit an int", error.Message);
        Assert.Equal(0, position);
    }

    [Fact]
    public void Only_the_built_in_formatters_of_these_scalars_get_a_span_codec()
    {
        Assert.NotNull(SpanUnits.For(MessagePack.Formatters.Int64Formatter.Instance));
        Assert.NotNull(SpanUnits.For(MessagePack.Formatters.NullableStringFormatter.Instance));
        Assert.Null(SpanUnits.For(MessagePack.Formatters.BooleanFormatter.Instance));
    }
}
