using System.Globalization;
using Checkpointing.Serialization;
using MessagePack;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing;

/// <summary>
/// Writes records as lines into part files of a folder, exactly once: each checkpoint's records go to a hidden
/// in-progress file, which is fsynced at the checkpoint and renamed to <c>part-{subtask}-{id}.txt</c>
/// when the checkpoint completes. Renaming is idempotent, so re-committing after a restore is safe.
/// </summary>
public sealed class ExactlyOnceFileSink<T> : TwoPhaseCommitSinkFunction<T, FileTransaction>
{
    private readonly string directory;
    private readonly Func<T, string> format;
    private readonly Dictionary<string, StreamWriter> open = new(StringComparer.Ordinal);
    private readonly List<string> toSync = [];

    static ExactlyOnceFileSink()
    {
        if (!CheckpointFormatters.IsRegistered<FileTransaction>()) CheckpointFormatters.Register(new FileTransactionFormatter());
    }

    /// <summary>Writes into <paramref name="directory"/>; <paramref name="format"/> turns a record into its line (default: <c>ToString()</c>).</summary>
    public ExactlyOnceFileSink(string directory, Func<T, string>? format = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.directory = Path.GetFullPath(directory);
        this.format = format ?? (value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>The committed part files of <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<string> CommittedFiles(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory, "part-*.txt").Order(StringComparer.Ordinal)] : [];

    /// <inheritdoc />
    protected override FileTransaction BeginTransaction()
    {
        var pendingFolder = Path.Combine(directory, ".in-progress");
        Directory.CreateDirectory(pendingFolder);
        var id = Guid.NewGuid().ToString("N")[..12];
        var subtask = RuntimeContext.SubtaskIndex.ToString(CultureInfo.InvariantCulture);
        return new FileTransaction(Path.Combine(pendingFolder, $"part-{subtask}-{id}.inprogress"), Path.Combine(directory, $"part-{subtask}-{id}.txt"));
    }

    /// <inheritdoc />
    protected override void Invoke(FileTransaction transaction, T value)
    {
        if (!open.TryGetValue(transaction.TempPath, out var writer))
        {
            writer = new StreamWriter(new FileStream(transaction.TempPath, FileMode.Append, FileAccess.Write, FileShare.Read));
            open.Add(transaction.TempPath, writer);
        }
        writer.WriteLine(format(value));
        transaction.Records++;
    }

    /// <summary>Pre-commits under the lock, then fsyncs the file in the snapshot's asynchronous part, so sources are not paused by disk I/O.</summary>
    public override void SnapshotState(ISnapshotContext context)
    {
        base.SnapshotState(context);
        if (toSync.Count == 0) return;
        var files = toSync.ToArray();
        toSync.Clear();
        context.AddAsyncPart(_ => Task.Run(() =>
        {
            foreach (var file in files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                stream.Flush(flushToDisk: true);
            }
        }));
    }

    /// <summary>Closes the in-progress file (its bytes reach the OS); the fsync follows outside the lock.</summary>
    protected override void PreCommit(FileTransaction transaction)
    {
        if (open.Remove(transaction.TempPath, out var writer))
        {
            writer.Dispose();
            toSync.Add(transaction.TempPath);
        }
    }

    /// <inheritdoc />
    protected override void Commit(FileTransaction transaction)
    {
        if (transaction.Records == 0) return; // Nothing was written: no part file.
        if (File.Exists(transaction.TempPath)) File.Move(transaction.TempPath, transaction.FinalPath, overwrite: false);
        else if (!File.Exists(transaction.FinalPath))
            throw new IOException($"Cannot commit {transaction.FinalPath}: neither it nor its in-progress file {transaction.TempPath} exists; {transaction.Records} records would be lost.");
    }

    /// <inheritdoc />
    protected override void Abort(FileTransaction transaction)
    {
        if (open.Remove(transaction.TempPath, out var writer)) writer.Dispose();
        if (File.Exists(transaction.TempPath)) File.Delete(transaction.TempPath);
    }
}

/// <summary>One part file being written: where it is written and where it goes on commit.</summary>
public sealed class FileTransaction(string tempPath, string finalPath)
{
    /// <summary>The in-progress file.</summary>
    public string TempPath { get; } = tempPath;

    /// <summary>The committed file's path.</summary>
    public string FinalPath { get; } = finalPath;

    /// <summary>How many records were written into it.</summary>
    public long Records { get; set; }
}

internal sealed class FileTransactionFormatter() : FieldArrayFormatter<FileTransaction>("a file transaction", "tempPath", "finalPath", "records")
{
    protected override void WriteFields(ref MessagePackWriter writer, FileTransaction value)
    {
        writer.Write(value.TempPath);
        writer.Write(value.FinalPath);
        writer.Write(value.Records);
    }

    protected override FileTransaction ReadFields(ref MessagePackReader reader) =>
        new(reader.ReadString() ?? "", reader.ReadString() ?? "") { Records = reader.ReadInt64() };
}
