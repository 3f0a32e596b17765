using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.PostgreSql;

/// <summary>
/// One key range of a table read by a <see cref="PostgreSqlSource{T}"/>, with the last position read in it: rows with
/// <c>lower ≤ key &lt; upper</c> (an open end when null) and a position above <see cref="LastPosition"/> are still to come.
/// </summary>
public sealed record KeyRangeSplit(string Source, int Index, long? Lower, long? Upper, long? LastPosition) : ISourceSplit
{
    /// <inheritdoc />
    public string SplitId => string.Create(CultureInfo.InvariantCulture, $"{Source}[{Lower?.ToString(CultureInfo.InvariantCulture) ?? "-inf"},{Upper?.ToString(CultureInfo.InvariantCulture) ?? "+inf"})");

    /// <inheritdoc />
    public string AssignmentGroup => Source;

    /// <inheritdoc />
    public int AssignmentIndex => Index;
}

/// <summary>Stores a <see cref="KeyRangeSplit"/> as <c>[source, index, lower, upper, last]</c> (nil for an open end or nothing read yet).</summary>
internal sealed class KeyRangeSplitFormatter : IMessagePackFormatter<KeyRangeSplit>
{
    public static KeyRangeSplitFormatter Instance { get; } = new();

    public void Serialize(ref MessagePackWriter writer, KeyRangeSplit value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(5);
        writer.Write(value.Source);
        writer.Write(value.Index);
        WriteOptional(ref writer, value.Lower);
        WriteOptional(ref writer, value.Upper);
        WriteOptional(ref writer, value.LastPosition);
    }

    public KeyRangeSplit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 5) throw new MessagePackSerializationException($"A key-range split needs 5 elements (source, index, lower, upper, last), found {count}.");
        var split = new KeyRangeSplit(reader.ReadString() ?? "", reader.ReadInt32(), ReadOptional(ref reader), ReadOptional(ref reader), ReadOptional(ref reader));
        for (var i = 5; i < count; i++) reader.Skip();
        return split;
    }

    private static void WriteOptional(ref MessagePackWriter writer, long? value)
    {
        if (value is { } v) writer.Write(v);
        else writer.WriteNil();
    }

    private static long? ReadOptional(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadInt64();
}
