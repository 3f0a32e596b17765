using System.Globalization;
using MessagePack;
using Checkpointing.Serialization.Formatters;

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
internal sealed class KeyRangeSplitFormatter() : FieldArrayFormatter<KeyRangeSplit>("a key-range split", "source", "index", "lower", "upper", "last")
{
    public static KeyRangeSplitFormatter Instance { get; } = new();

    protected override void WriteFields(ref MessagePackWriter writer, KeyRangeSplit value)
    {
        writer.Write(value.Source);
        writer.Write(value.Index);
        WriteOptional(ref writer, value.Lower);
        WriteOptional(ref writer, value.Upper);
        WriteOptional(ref writer, value.LastPosition);
    }

    protected override KeyRangeSplit ReadFields(ref MessagePackReader reader) =>
        new(reader.ReadString() ?? "", reader.ReadInt32(), ReadOptional(ref reader), ReadOptional(ref reader), ReadOptional(ref reader));
}
