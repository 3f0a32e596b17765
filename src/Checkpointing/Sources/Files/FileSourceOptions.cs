namespace Checkpointing;

/// <summary>Which files a <see cref="FileSource{T}"/> reads and how it reacts to trouble.</summary>
public sealed class FileSourceOptions
{
    /// <summary>Reads the files of <paramref name="directory"/>.</summary>
    public FileSourceOptions(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory read (an absolute path).</summary>
    public string Directory { get; }

    /// <summary>File names to read: <c>*</c> and <c>?</c> wildcards, as <see cref="System.IO.Directory.EnumerateFiles(string, string)"/> takes them. Default: <c>*</c>.</summary>
    public string Glob { get; init; } = "*";

    /// <summary>Whether files in subdirectories are read too.</summary>
    public bool Recursive { get; init; }

    /// <summary>
    /// How often to look for new files; <c>null</c> (the default) reads the files present at the start and ends. Files
    /// must be complete when they appear (write them elsewhere and move them in): a file is finished at its end.
    /// </summary>
    public TimeSpan? DiscoveryInterval { get; init; }

    /// <summary>Skip a file that shrinks below its checkpointed offset or vanishes, with a warning, instead of failing the job.</summary>
    public bool SkipChangedFiles { get; init; }

    /// <summary>Skip a record the reader cannot parse, with a warning, instead of failing the job.</summary>
    public bool SkipBadRecords { get; init; }

    /// <summary>At most this many records are emitted per critical section. Default 512.</summary>
    public int RecordsPerBatch { get; init; } = 512;
}
