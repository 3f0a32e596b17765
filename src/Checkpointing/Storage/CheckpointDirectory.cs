namespace Checkpointing.Storage;

/// <summary>
/// Writes a checkpoint into one folder: each state file via a temporary name, flushed to disk and renamed; the
/// metadata last, the same way. A crash at any step leaves either no <c>_metadata</c> (incomplete, skipped on
/// restore) or a complete checkpoint. Used by file-system checkpoints and by savepoints.
/// </summary>
internal sealed class CheckpointDirectory(string path) : ICheckpointTarget
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

    public string Location { get; } = Path.GetFullPath(path);

    public async Task WriteFileAsync(string name, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Location);
        BeforeStep?.Invoke("file:" + name);
        await WriteDurablyAsync(Path.Combine(Location, name), bytes, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(byte[] metadata, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Location);
        BeforeStep?.Invoke("metadata:write");
        await WriteDurablyAsync(Path.Combine(Location, CheckpointMetadata.FileName), metadata, cancellationToken, beforeRename: () => BeforeStep?.Invoke("metadata:rename")).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes what this writer left of an incomplete checkpoint. A folder that already holds metadata this writer did
    /// not write is a completed checkpoint of someone else (an id collision): it is left alone.
    /// </summary>
    public void Abort()
    {
        if (File.Exists(Path.Combine(Location, CheckpointMetadata.FileName))) return;
        Delete();
    }

    /// <summary>Deletes the folder, complete or not (retention).</summary>
    public void Delete()
    {
        try
        {
            if (Directory.Exists(Location)) Directory.Delete(Location, recursive: true);
        }
        catch (IOException) { /* best effort: an incomplete folder has no metadata and is never restored */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Reads a file of a checkpoint folder; null when missing.</summary>
    public static byte[]? ReadFile(string folder, string name)
    {
        var file = Path.Combine(folder, name);
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    private static async Task WriteDurablyAsync(string target, byte[] bytes, CancellationToken cancellationToken, Action? beforeRename = null)
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
