using System.Globalization;
using System.Text;
using Checkpointing.S3.Objects;

namespace Checkpointing.S3.Storage;

/// <summary>
/// The epoch claims of one job in a bucket: <c>{job}/_epochs/{epoch}</c> and its restore record
/// <c>{job}/_epochs/{epoch}.restore</c>, each a create-only object whose first line is the value (the epoch, or the
/// restore point as decimal text) and whose second a nonce of the writer.
/// </summary>
/// <remarks>
/// Write-once rests on the store's conditional put (<c>If-None-Match: *</c>), which S3 evaluates atomically: of two
/// claimants exactly one gets its object created. A store that ignores the condition is written with
/// <see cref="S3CheckpointStorageOptions.CheckAbsenceBeforeWrite"/>'s HEAD-then-put instead (s3rver, which the tests
/// run against), and that is not race-safe: two claimants can both find the key absent and both put. After each create
/// the object is read back and its nonce compared, which catches a retried put that found a rival's object of the
/// same length (the store's retry rule takes such an object for its own) and a rival's overwrite that landed first,
/// but not one that lands after the read.
/// </remarks>
internal sealed class S3EpochClaims(ObjectStore store, S3Location jobFolder)
{
    private const string FolderName = "_epochs";
    private const string RestoreSuffix = ".restore";

    private readonly S3Location folder = jobFolder.Child(FolderName);

    public Task<bool> TryClaimAsync(long epoch, CancellationToken cancellationToken) =>
        TryCreateAsync(Name(epoch), epoch, cancellationToken);

    public Task<bool> TryRecordRestoreAsync(long epoch, long restorePoint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restorePoint, EpochClaim.Superseded);
        return TryCreateAsync(Name(epoch) + RestoreSuffix, restorePoint, cancellationToken);
    }

    public async Task<IReadOnlyList<EpochClaim>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await store.ListKeysAsync(folder.Bucket, folder.Prefix + "/", cancellationToken).ConfigureAwait(false);
        var names = keys.Select(k => k[(folder.Prefix.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        var claims = new List<EpochClaim>();
        foreach (var name in names)
        {
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch <= 0) continue;
            long? restorePoint = null;
            if (names.Contains(name + RestoreSuffix)
                && await store.ReadAsync(folder.Bucket, folder.Key(name + RestoreSuffix), cancellationToken).ConfigureAwait(false) is { } bytes)
                restorePoint = Parse(bytes, folder.Key(name + RestoreSuffix)).Value;
            claims.Add(new EpochClaim(epoch, restorePoint));
        }
        claims.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));
        return claims;
    }

    private static string Name(long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        return epoch.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<bool> TryCreateAsync(string name, long value, CancellationToken cancellationToken)
    {
        var key = folder.Key(name);
        var nonce = Guid.NewGuid().ToString("N");
        var bytes = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture) + "\n" + nonce);
        try
        {
            await store.CreateAsync(folder.Bucket, key, bytes, onMultipartStarted: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectExistsException)
        {
            return false;
        }
        var stored = await store.ReadAsync(folder.Bucket, key, cancellationToken).ConfigureAwait(false);
        return stored is not null && Parse(stored, key).Nonce == nonce;
    }

    private (long Value, string Nonce) Parse(byte[] bytes, string key)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var value = newline < 0 ? text : text[..newline];
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= EpochClaim.Superseded
            ? (parsed, newline < 0 ? "" : text[(newline + 1)..])
            : throw new CheckpointFormatException($"s3://{folder.Bucket}/{key}: '{value}' is not an epoch record.");
    }
}
