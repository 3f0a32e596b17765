using System.Buffers;
using MessagePack;

namespace Checkpointing.Tests.Format;

/// <summary>The one layout of connectors' hand-written state formatters (<c>Serialization/Formatters/FieldArrayFormatter.cs</c>).</summary>
public class FieldArrayFormatterTests
{
    private delegate void Writing(ref MessagePackWriter writer);

    private static byte[] Write(Writing write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenMemory.ToArray();
    }

    private static FileSplit Read(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        return FileSplitFormatter.Instance.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
    }

    [Fact]
    public void A_value_round_trips_as_an_array_of_its_fields()
    {
        var split = new FileSplit("logs/a.txt", 1234, 56);
        var bytes = Write((ref MessagePackWriter w) => FileSplitFormatter.Instance.Serialize(ref w, split, MessagePackSerializerOptions.Standard));

        var reader = new MessagePackReader(bytes);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal(split, Read(bytes));
    }

    [Fact]
    public void Fields_a_newer_version_appended_are_skipped()
    {
        var bytes = Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(5);
            w.Write("logs/b.txt");
            w.Write(10L);
            w.Write(2L);
            w.Write("added later");
            w.WriteArrayHeader(1);
            w.Write(7);
        });

        Assert.Equal(new FileSplit("logs/b.txt", 10, 2), Read(bytes));
    }

    [Fact]
    public void Too_few_fields_name_the_type_and_the_fields_it_needs()
    {
        var bytes = Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write("logs/c.txt");
            w.Write(10L);
        });

        var error = Assert.Throws<MessagePackSerializationException>(() => Read(bytes));
        Assert.Equal("A file split needs 3 elements (relativePath, offset, records), found 2.", error.Message);
    }

    [Fact]
    public void A_missing_required_string_is_named()
    {
        var bytes = Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.WriteNil();
            w.Write(0L);
            w.Write(0L);
        });

        var error = Assert.Throws<MessagePackSerializationException>(() => Read(bytes));
        Assert.Equal("A file split has no path.", error.Message);
    }
}
