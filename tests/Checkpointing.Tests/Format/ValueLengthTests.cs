using Checkpointing.Format;
using Checkpointing.Snapshots;
using MessagePack;

namespace Checkpointing.Tests.Format;

/// <summary>The span scan that finds where a value ends agrees with MessagePack's own reader, and refuses damage.</summary>
public class ValueLengthTests
{
    [Fact]
    public void The_length_of_a_nested_value_is_what_messagepack_skips()
    {
        var value = new Dictionary<string, object?>
        {
            ["name"] = "portfolio",
            ["positions"] = Enumerable.Range(0, 300).Select(i => new object?[] { "S" + i, (long)i * 1_000_003, i * 0.5, new byte[i % 7], null }).ToArray(),
            ["limits"] = new Dictionary<string, double> { ["a"] = 1.5, ["b"] = -2 },
        };
        var bytes = MessagePackSerializer.Serialize<object>(value, MessagePackSerializerOptions.Standard);
        byte[] followed = [.. bytes, 0x2A]; // a value after it must not be counted

        var reader = new MessagePackReader(followed);
        reader.Skip();

        Assert.Equal(reader.Consumed, MessagePackScanner.LengthOfValue(followed));
        Assert.Equal(bytes.Length, MessagePackScanner.LengthOfValue(followed));
    }

    [Fact]
    public void A_value_cut_short_or_announcing_more_than_it_holds_has_no_length()
    {
        var bytes = MessagePackSerializer.Serialize(new[] { "a", "b", "c" }, MessagePackSerializerOptions.Standard);

        Assert.Equal(-1, MessagePackScanner.LengthOfValue(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Equal(-1, MessagePackScanner.LengthOfValue([0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0xC0])); // array 32 of 2^31-1 elements, one byte follows
        Assert.Equal(-1, MessagePackScanner.LengthOfValue([0xC1]));
    }
}
