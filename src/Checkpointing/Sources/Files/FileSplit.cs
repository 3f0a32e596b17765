using MessagePack;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing;

/// <summary>
/// One file of a <see cref="FileSource{T}"/> and where its next record starts: <see cref="Offset"/> bytes in, after
/// <see cref="Records"/> records (lines, for the line format).
/// </summary>
/// <param name="RelativePath">The file's path below the source directory, with <c>/</c> separators: the split's id, so the directory may move.</param>
/// <param name="Offset">The byte offset of the next record.</param>
/// <param name="Records">How many records come before <see cref="Offset"/>.</param>
public sealed record FileSplit(string RelativePath, long Offset, long Records) : ISourceSplit
{
    /// <inheritdoc />
    public string SplitId => RelativePath;

    /// <summary>The path: each file is its own group, so its hash alone picks the subtask.</summary>
    public string AssignmentGroup => RelativePath;

    /// <inheritdoc />
    public int AssignmentIndex => 0;
}

/// <summary>Stores a <see cref="FileSplit"/> as <c>[relativePath, offset, records]</c>.</summary>
internal sealed class FileSplitFormatter() : FieldArrayFormatter<FileSplit>("a file split", "relativePath", "offset", "records")
{
    public static FileSplitFormatter Instance { get; } = new();

    protected override void WriteFields(ref MessagePackWriter writer, FileSplit value)
    {
        writer.Write(value.RelativePath);
        writer.Write(value.Offset);
        writer.Write(value.Records);
    }

    protected override FileSplit ReadFields(ref MessagePackReader reader) =>
        new(ReadRequiredString(ref reader, "path"), reader.ReadInt64(), reader.ReadInt64());
}
