using System.Globalization;
using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>
/// Keeps checkpoints on the local file system (the embedded default): <c>{directory}/{job}/chk-{id}/</c>, each with
/// one file per subtask and a <c>_metadata</c> file written last.
/// </summary>
public sealed class FileSystemCheckpointStorage : CheckpointStorage
{
    private const string Prefix = "chk-";

    /// <summary>Stores checkpoints under <paramref name="directory"/> (created when needed).</summary>
    public FileSystemCheckpointStorage(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The root folder.</summary>
    public string Directory { get; }

    /// <summary>The folder of checkpoint <paramref name="checkpointId"/> of job <paramref name="jobName"/>.</summary>
    public string CheckpointPath(string jobName, long checkpointId) =>
        Path.Combine(JobFolder(jobName), Prefix + checkpointId.ToString(CultureInfo.InvariantCulture));

    internal override ICheckpointTarget Begin(string jobName, long checkpointId) => new CheckpointDirectory(CheckpointPath(jobName, checkpointId));

    internal override IReadOnlyList<StoredCheckpoint> List(string jobName)
    {
        var folder = JobFolder(jobName);
        if (!System.IO.Directory.Exists(folder)) return [];
        var result = new List<StoredCheckpoint>();
        foreach (var path in System.IO.Directory.EnumerateDirectories(folder, Prefix + "*"))
        {
            if (!long.TryParse(Path.GetFileName(path).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            result.Add(new StoredCheckpoint(id, path, name => CheckpointDirectory.ReadFile(path, name)));
        }
        result.Sort((a, b) => b.CheckpointId.CompareTo(a.CheckpointId));
        return result;
    }

    internal override void Discard(string jobName, long checkpointId) => new CheckpointDirectory(CheckpointPath(jobName, checkpointId)).Delete();

    private string JobFolder(string jobName) => Path.Combine(Directory, SafeName(jobName));

    /// <summary>
    /// A job name as a folder name, one-to-one: characters that paths reject, '%' itself, and the names "." and ".."
    /// are escaped as %XX, so two different job names never share a folder.
    /// </summary>
    internal static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c == '%' || Array.IndexOf(invalid, c) >= 0 || char.IsControl(c)) builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        var result = builder.ToString();
        return result switch
        {
            "" => "%",
            "." or ".." => result.Replace(".", "%2E", StringComparison.Ordinal),
            _ => result,
        };
    }
}
