using System.Globalization;
using System.Text.RegularExpressions;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Hosting;

/// <summary>Finds a job's savepoints among the folders the runtime names savepoint-&lt;job&gt;-&lt;id&gt;-&lt;8 hex digits&gt;.</summary>
internal static class SavepointFolders
{
    /// <summary>The job's savepoint with the highest id that loads cleanly, or null.</summary>
    public static CompletedCheckpoint? Latest(string directory, string jobName, ILogger logger)
    {
        if (!Directory.Exists(directory)) return null;
        var prefix = "savepoint-" + FileSystemCheckpointStorage.SafeName(jobName) + "-";
        var candidates = Directory.EnumerateDirectories(directory, prefix + "*")
            .Select(path => (Path: Path.GetFullPath(path), Id: IdOf(Path.GetFileName(path)[prefix.Length..])))
            .Where(c => c.Id > 0)
            .OrderByDescending(c => c.Id);
        foreach (var (path, _) in candidates)
        {
            try
            {
                return CompletedCheckpoint.Load(path, name => CheckpointDirectory.ReadFile(path, name));
            }
            catch (Exception e) when (e is CheckpointFormatException or IOException)
            {
                logger.LogWarning("Skipping savepoint {Location}: {Reason}", path, e.Message);
            }
        }
        return null;
    }

    // What follows the job's prefix must be exactly "<id>-<8 hex>": another job whose name extends this one's never matches.
    private static long IdOf(string rest)
    {
        var match = Regex.Match(rest, "^([0-9]+)-[0-9a-f]{8}$", RegexOptions.CultureInvariant);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }
}
