namespace Checkpointing;

/// <summary>
/// Reads the files of a directory as records, exactly once across failures and rescales: each file is a split of the
/// <see cref="SplitSource{TSplit, T}"/> mechanism, and the byte offset of its next record is checkpointed, so a restore
/// resumes in the middle of a file. Files found later (<see cref="FileSourceOptions.DiscoveryInterval"/>) are read
/// once, by one subtask. A file that shrinks below its offset or vanishes fails the job with its path (or is skipped,
/// <see cref="FileSourceOptions.SkipChangedFiles"/>); a record the reader rejects fails it with the file and record number.
/// </summary>
public sealed class FileSource<T> : SplitSource<FileSplit, T>
{
    private readonly FileSourceOptions options;
    private readonly IFileRecordReader<T> records;

    /// <summary>Reads the files <paramref name="options"/> selects with <paramref name="records"/>.</summary>
    public FileSource(FileSourceOptions options, IFileRecordReader<T> records) : base(FileSplitFormatter.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        this.options = options;
        this.records = records;
    }

    /// <inheritdoc />
    protected override TimeSpan? DiscoveryInterval => options.DiscoveryInterval;

    /// <summary>Without a discovery interval the source ends once the files present at the start are read.</summary>
    protected override bool IsBounded => options.DiscoveryInterval is null;

    /// <inheritdoc />
    protected override IReadOnlyList<FileSplit> DiscoverSplits()
    {
        if (!Directory.Exists(options.Directory))
            throw new DirectoryNotFoundException($"The directory of file source '{RuntimeContext.OperatorUid}' does not exist: {options.Directory}");
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = options.Recursive,
            MatchType = MatchType.Simple,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = false,
        };
        return [.. Directory.EnumerateFiles(options.Directory, options.Glob, enumeration)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => Path.GetRelativePath(options.Directory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new FileSplit(relative, 0, 0))];
    }

    /// <inheritdoc />
    protected override SplitReader<FileSplit, T> CreateReader() => new FileSplitReader<T>(options, records, RuntimeContext.Logger);
}

/// <summary>Creates file sources of common formats.</summary>
public static class FileSource
{
    /// <summary>Each line of each file is a record.</summary>
    public static FileSource<string> Lines(FileSourceOptions options) => new(options, new LineRecordReader<string>(line => line));

    /// <summary>Each line of each file, parsed by <paramref name="parse"/>, is a record; a line it throws on names its file and line number.</summary>
    public static FileSource<T> Lines<T>(FileSourceOptions options, Func<string, T> parse) => new(options, new LineRecordReader<T>(parse));
}
