namespace Checkpointing.Storage;

/// <summary>
/// Writes a checkpoint into one folder: each state file via a temporary name, flushed to disk and renamed; the
/// metadata last, the same way. A crash at any step leaves either no <c>_metadata</c> (incomplete, skipped on
/// restore) or a complete checkpoint. Used by file-system checkpoints and by savepoints.
/// </summary>
internal sealed class CheckpointDirectory(string path) : CheckpointTarget
{
    private const string TempSuffix = ".inprogress";

    private static readonly AsyncLocal<Action<string>?> BeforeStepHook = new();

    /// <summary>
    /// Fault injection for tests: called before each write step with its name ("file:NAME", "metadata:write",
    /// "metadata:rename"). Async-local, so tests running in parallel do not see each other's hooks.
    /// </summary>
    internal static Action<string>? BeforeStep
    {
        get => BeforeStepHook.Value;
        set => BeforeStepHook.Value = value;
    }

    public override string Location { get; } = Path.GetFullPath(path);

    public override async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        CreateFolder();
        BeforeStep?.Invoke("file:" + name);
        await WriteDurablyAsync(Path.Combine(Location, name), bytes, cancellationToken).ConfigureAwait(false);
    }

    public override async Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
    {
        CreateFolder();
        BeforeStep?.Invoke("metadata:write");
        await WriteDurablyAsync(Path.Combine(Location, MetadataFileName), metadata, cancellationToken, beforeRename: () => BeforeStep?.Invoke("metadata:rename")).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes what this writer left of an incomplete checkpoint. A folder that already holds metadata this writer did
    /// not write is a completed checkpoint of someone else (an id collision): it is left alone.
    /// </summary>
    public override Task AbortAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Location, MetadataFileName))) Delete(Location);
        return Task.CompletedTask;
    }

    /// <summary>Deletes a checkpoint folder, its metadata first so that what a failed delete leaves is never taken for complete.</summary>
    public static void Delete(string folder)
    {
        if (!Directory.Exists(folder)) return;
        File.Delete(Path.Combine(folder, MetadataFileName));
        Directory.Delete(folder, recursive: true);
    }

    // The OS error (a path that is a file, no permission) is what the user needs to see; say which folder it was about.
    private void CreateFolder()
    {
        try
        {
            Directory.CreateDirectory(Location);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the checkpoint folder '{Location}': {e.Message}", e);
        }
    }

    private static async Task WriteDurablyAsync(string target, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken, Action? beforeRename = null)
    {
        var temp = target + TempSuffix;
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        beforeRename?.Invoke();
        // Never replace an existing file: a good checkpoint is never overwritten by a later write.
        File.Move(temp, target, overwrite: false);
    }
}
