using System.Globalization;
using System.Text;

namespace Checkpointing.Storage;

/// <summary>
/// The epoch claims of one job on the file system: <c>{job}/_epochs/{epoch}</c>, and its restore record
/// <c>{job}/_epochs/{epoch}.restore</c> holding the restore point as decimal text. Each is written once, created
/// exclusively under its final name (<c>O_EXCL</c>: of two writers exactly one creates it, on every file system;
/// a move without overwrite falls back to a check-then-rename where the file system refuses links, which let two
/// claimants win). A reader may see a record created but not yet written: empty, it counts as no record yet, exactly
/// what a read a moment earlier would have seen.
/// </summary>
internal sealed class EpochFiles(string jobFolder)
{
    public const string FolderName = "_epochs";
    private const string RestoreSuffix = ".restore";

    private readonly string folder = Path.Combine(jobFolder, FolderName);

    public Task<bool> TryClaimAsync(long epoch, CancellationToken cancellationToken) =>
        TryCreateAsync(Name(epoch), Name(epoch), cancellationToken);

    public Task<bool> TryRecordRestoreAsync(long epoch, long restorePoint, CancellationToken cancellationToken) =>
        TryCreateAsync(Name(epoch) + RestoreSuffix, restorePoint.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public async Task<IReadOnlyList<EpochClaim>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return [];
        var claims = new List<EpochClaim>();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            if (!long.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch <= 0) continue;
            claims.Add(new EpochClaim(epoch, await ReadRestoreAsync(path + RestoreSuffix, cancellationToken).ConfigureAwait(false)));
        }
        claims.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));
        return claims;
    }

    private static string Name(long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        return epoch.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<long?> ReadRestoreAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (text.Length == 0) return null; // created by its writer, not written yet
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var restorePoint) && restorePoint >= EpochClaim.Superseded
            ? restorePoint
            : throw new CheckpointFormatException($"{path}: '{text}' is not a restore record (a checkpoint id, {EpochClaim.NoRestorePoint} or {EpochClaim.Superseded}).");
    }

    private async Task<bool> TryCreateAsync(string name, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        FileStream stream;
        try
        {
            stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        await using (stream.ConfigureAwait(false))
        {
            // One write of a few bytes: a reader sees the record empty or whole.
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        return true;
    }
}
