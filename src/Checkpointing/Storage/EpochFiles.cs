using System.Globalization;
using System.Text;

namespace Checkpointing.Storage;

/// <summary>
/// The epoch claims of one job on the file system: <c>{job}/_epochs/{epoch}</c>, and its restore record
/// <c>{job}/_epochs/{epoch}.restore</c> holding the restore point as decimal text. Each is written once: to a temporary
/// name, flushed, then moved without overwrite, which fails when the name exists (a link on Unix), so of two writers
/// exactly one succeeds and readers never see a partial record.
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
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var restorePoint) && restorePoint >= EpochClaim.Superseded
            ? restorePoint
            : throw new CheckpointFormatException($"{path}: '{text}' is not a restore record (a checkpoint id, {EpochClaim.NoRestorePoint} or {EpochClaim.Superseded}).");
    }

    private async Task<bool> TryCreateAsync(string name, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        if (File.Exists(target)) return false;
        // A name of its own per writer: concurrent claimants never share a temporary file.
        var temp = $"{target}.{Guid.NewGuid():N}.inprogress";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
