using Checkpointing.Serialization;
using Checkpointing.Serialization.Formatters;
using MessagePack;
using IMessagePackFormatterOfLong = MessagePack.Formatters.IMessagePackFormatter<long>;

namespace Checkpointing.Tests.Format;

/// <summary>
/// A dictionary entry of two scalars is read and written without a depth step and, for value types, without its
/// formatters' interface calls: the bytes must stay MessagePack's own, and an entry that can nest must keep its step.
/// </summary>
public class ScalarEntryTests
{
    private static byte[] Write<TKey, TValue>(KeyValuePairFormatter<TKey, TValue> formatter, KeyValuePair<TKey, TValue> entry)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        formatter.Serialize(ref writer, entry, CheckpointFormatters.Options);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static KeyValuePair<TKey, TValue> Read<TKey, TValue>(KeyValuePairFormatter<TKey, TValue> formatter, byte[] bytes, MessagePackSerializerOptions options)
    {
        var reader = new MessagePackReader(bytes);
        var entry = formatter.Deserialize(ref reader, options);
        Assert.True(reader.End);
        return entry;
    }

    public static TheoryData<long> Longs => [0, 1, -1, 127, 128, -33, 255, 65_536, int.MaxValue + 1L, long.MinValue, long.MaxValue];

    [Theory]
    [MemberData(nameof(Longs))]
    public void A_string_long_entry_is_written_as_messagepack_writes_a_pair_and_read_back(long value)
    {
        var formatter = new KeyValuePairFormatter<string, long>(BuiltinFormatter<string>.Instance, BuiltinFormatter<long>.Instance);
        var entry = KeyValuePair.Create("key-0000042", value);

        var bytes = Write(formatter, entry);

        Assert.Equal(MessagePackSerializer.Serialize(entry, MessagePackSerializerOptions.Standard), bytes);
        Assert.Equal(entry, Read(formatter, bytes, CheckpointFormatters.Options));
    }

    [Fact]
    public void Int_and_double_entries_keep_messagepacks_bytes()
    {
        var formatter = new KeyValuePairFormatter<int, double>(BuiltinFormatter<int>.Instance, BuiltinFormatter<double>.Instance);
        var entry = KeyValuePair.Create(-70_000, 0.1);

        var bytes = Write(formatter, entry);

        Assert.Equal(MessagePackSerializer.Serialize(entry, MessagePackSerializerOptions.Standard), bytes);
        Assert.Equal(entry, Read(formatter, bytes, CheckpointFormatters.Options));
    }

    [Fact]
    public void An_entry_that_is_not_a_pair_fails_naming_what_was_expected()
    {
        var formatter = new KeyValuePairFormatter<string, long>(BuiltinFormatter<string>.Instance, BuiltinFormatter<long>.Instance);
        var bytes = MessagePackSerializer.Serialize(new object[] { "k", 1L, 2L }, MessagePackSerializerOptions.Standard);

        var error = Assert.Throws<MessagePackSerializationException>(() => Read(formatter, bytes, CheckpointFormatters.Options));

        Assert.Contains("Expected an array of 2 items for a tuple, found 3", error.Message);
    }

    [Fact]
    public void A_scalar_entry_needs_no_depth_but_an_entry_holding_a_collection_still_counts_its_depth()
    {
        var shallow = CheckpointFormatters.Options.WithSecurity(MessagePackSecurity.TrustedData.WithMaximumObjectGraphDepth(0));
        var scalars = new KeyValuePairFormatter<string, long>(BuiltinFormatter<string>.Instance, BuiltinFormatter<long>.Instance);
        var nested = new KeyValuePairFormatter<string, long[]>(BuiltinFormatter<string>.Instance, new ArrayFormatter<long>(BuiltinFormatter<long>.Instance));

        Assert.Equal(KeyValuePair.Create("k", 5L), Read(scalars, Write(scalars, KeyValuePair.Create("k", 5L)), shallow));
        var bytes = Write(nested, KeyValuePair.Create("k", new[] { 1L, 2L }));
        Assert.Throws<InsufficientExecutionStackException>(() => Read(nested, bytes, shallow));
    }

    [Fact]
    public void A_custom_value_formatter_is_called_even_for_a_primitive_type()
    {
        var formatter = new KeyValuePairFormatter<string, long>(BuiltinFormatter<string>.Instance, new NegatingFormatter());
        var bytes = Write(formatter, KeyValuePair.Create("k", 5L));

        Assert.Equal(MessagePackSerializer.Serialize(KeyValuePair.Create("k", -5L), MessagePackSerializerOptions.Standard), bytes);
        Assert.Equal(KeyValuePair.Create("k", 5L), Read(formatter, bytes, CheckpointFormatters.Options));
    }

    private sealed class NegatingFormatter : IMessagePackFormatterOfLong
    {
        public void Serialize(ref MessagePackWriter writer, long value, MessagePackSerializerOptions options) => writer.Write(-value);

        public long Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => -reader.ReadInt64();
    }
}
