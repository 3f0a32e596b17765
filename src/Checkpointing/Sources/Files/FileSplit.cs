using MessagePack;
using MessagePack.Formatters;

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
internal sealed class FileSplitFormatter : IMessagePackFormatter<FileSplit>
{
    public static FileSplitFormatter Instance { get; } = new();

    public void Serialize(ref MessagePackWriter writer, FileSplit value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.RelativePath);
        writer.Write(value.Offset);
        writer.Write(value.Records);
    }

    public FileSplit Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        if (count < 3) throw new MessagePackSerializationException($"A file split needs 3 elements, found {count}.");
        var path = reader.ReadString() ?? throw new MessagePackSerializationException("A file split has no path.");
        var split = new FileSplit(path, reader.ReadInt64(), reader.ReadInt64());
        for (var i = 3; i < count; i++) reader.Skip();
        return split;
    }
}
