namespace Checkpointing;

/// <summary>A file of a <see cref="FileSource{T}"/> could not be read: a bad record, or a file that shrank or vanished. The message names the file (and record).</summary>
public sealed class FileRecordException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public FileRecordException(string path, string message, Exception? inner = null) : base(message, inner) => FilePath = path;

    /// <summary>The file's full path.</summary>
    public string FilePath { get; }
}
