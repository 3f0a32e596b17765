using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>Reads a subtask's files one after another, a batch of records at a time, outside the checkpoint lock.</summary>
internal sealed class FileSplitReader<T>(FileSourceOptions options, IFileRecordReader<T> records, ILogger logger) : SplitReader<FileSplit, T>
{
    private readonly Queue<FileSplit> waiting = new();
    private OpenFile? current;

    public override void AddSplits(IReadOnlyList<FileSplit> splits)
    {
        foreach (var split in splits)
        {
            if (split.Offset > 0)
                logger.LogInformation("File source resumes {Path} at byte {Offset}, after {Records} {RecordName}s", split.RelativePath, split.Offset, split.Records, records.RecordName);
            waiting.Enqueue(split);
        }
    }

    public override void Fetch(SplitBatch<FileSplit, T> batch, TimeSpan maxWait)
    {
        if (current is null && !TryOpenNext(batch)) return;
        var file = current!;
        if (Changed(file.Split, file, batch)) return;

        var stream = file.Stream;
        var offset = file.Split.Offset;
        var count = file.Split.Records;
        for (var i = 0; i < options.RecordsPerBatch; i++)
        {
            T record;
            bool read;
            try
            {
                read = records.TryRead(stream, out record);
            }
            catch (Exception e) when (e is not FileRecordException)
            {
                var error = new FileRecordException(file.FullPath,
                    $"Bad {records.RecordName} {count + 1} of {file.FullPath} (at byte {offset}): {e.Message}", e);
                if (!options.SkipBadRecords || stream.Position <= offset) throw error;
                logger.LogWarning(error, "File source skipped {RecordName} {Number} of {Path}", records.RecordName, count + 1, file.FullPath);
                offset = stream.Position;
                count++;
                continue;
            }
            if (!read)
            {
                Close();
                batch.Finish(file.Split with { Offset = offset, Records = count });
                return;
            }
            batch.Add(record);
            offset = stream.Position;
            count++;
        }
        file.Split = file.Split with { Offset = offset, Records = count };
        batch.Advance(file.Split);
    }

    private bool TryOpenNext(SplitBatch<FileSplit, T> batch)
    {
        while (waiting.TryDequeue(out var split))
        {
            var fullPath = Path.Combine(options.Directory, split.RelativePath);
            if (!File.Exists(fullPath))
            {
                Report(split, fullPath, $"File {fullPath} vanished before it was read to its end (it was at byte {split.Offset}, after {split.Records} {records.RecordName}s)", batch);
                continue;
            }
            var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            var file = new OpenFile(split, fullPath, stream);
            if (stream.Length < split.Offset)
            {
                file.Dispose();
                Report(split, fullPath, ShrankMessage(fullPath, stream.Length, split), batch);
                continue;
            }
            stream.Seek(split.Offset, SeekOrigin.Begin);
            current = file;
            return true;
        }
        return false;
    }

    /// <summary>A file that vanished or shrank below the position reached: it fails the job, or is finished where it stood.</summary>
    private bool Changed(FileSplit split, OpenFile file, SplitBatch<FileSplit, T> batch)
    {
        string? problem = null;
        if (!File.Exists(file.FullPath))
            problem = $"File {file.FullPath} vanished while being read (at byte {split.Offset}, after {split.Records} {records.RecordName}s)";
        else if (file.Raw.Length < split.Offset)
            problem = ShrankMessage(file.FullPath, file.Raw.Length, split);
        if (problem is null) return false;
        Close();
        Report(split, file.FullPath, problem, batch);
        return true;
    }

    private string ShrankMessage(string path, long length, FileSplit split) =>
        $"File {path} shrank to {length} bytes while being read, below byte {split.Offset} where its next {records.RecordName} ({split.Records + 1}) starts";

    private void Report(FileSplit split, string fullPath, string problem, SplitBatch<FileSplit, T> batch)
    {
        if (!options.SkipChangedFiles) throw new FileRecordException(fullPath, problem);
        logger.LogWarning("File source skips the rest of a file: {Problem}", problem);
        batch.Finish(split);
    }

    private void Close()
    {
        current?.Dispose();
        current = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
    }

    private sealed class OpenFile(FileSplit split, string fullPath, FileStream raw) : IDisposable
    {
        public FileSplit Split { get; set; } = split;
        public string FullPath { get; } = fullPath;
        public FileStream Raw { get; } = raw;
        // Buffered: record readers may read byte by byte; Position stays the logical position of the next byte.
        public BufferedStream Stream { get; } = new(raw, 64 * 1024);

        public void Dispose() => Stream.Dispose();
    }
}
