namespace Checkpointing;

/// <summary>
/// Reads the records of a file for a <see cref="FileSource{T}"/>. The source keeps the position: after each record it
/// stores the stream's position as the start of the next one, so a reader must consume exactly one record's bytes per
/// call (the stream is buffered, so small reads are cheap) and keep no state between calls.
/// </summary>
public interface IFileRecordReader<T>
{
    /// <summary>What a record is called in error messages ("line", "record").</summary>
    string RecordName => "record";

    /// <summary>
    /// Reads the record starting at the stream's position; <c>false</c> at the end of the file. An exception fails the
    /// job with the file, record number and byte offset in the message (or the source skips the record when the reader
    /// consumed its bytes and <see cref="FileSourceOptions.SkipBadRecords"/> is set).
    /// </summary>
    bool TryRead(Stream stream, out T record);
}
