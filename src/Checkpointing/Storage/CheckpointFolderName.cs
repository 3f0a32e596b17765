using System.Globalization;

namespace Checkpointing;

/// <summary>
/// How checkpoints are named inside a job's folder or key prefix, in every storage: <c>chk-{id}</c>, and
/// <c>chk-{id}-e{epoch}</c> for a run with a job epoch above 0 (see <see cref="StreamExecutionEnvironment.Epoch"/>), so
/// two runs of different epochs never write into one folder even when they choose the same id.
/// </summary>
public static class CheckpointFolderName
{
    private const string Prefix = "chk-";
    private const string EpochSeparator = "-e";

    /// <summary>The name of checkpoint <paramref name="checkpointId"/>.</summary>
    public static string Of(long checkpointId) => Prefix + checkpointId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of checkpoint <paramref name="checkpointId"/> of a run with job epoch <paramref name="epoch"/>; <see cref="Of(long)"/> for epoch 0.</summary>
    public static string Of(long checkpointId, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return epoch == 0 ? Of(checkpointId) : Of(checkpointId) + EpochSeparator + epoch.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The id a checkpoint name carries; null when <paramref name="name"/> is not one.</summary>
    public static long? IdOf(string name) => Parse(name)?.Id;

    /// <summary>The job epoch a checkpoint name carries, 0 when it names none; null when <paramref name="name"/> is not a checkpoint name.</summary>
    public static long? EpochOf(string name) => Parse(name)?.Epoch;

    private static (long Id, long Epoch)? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = name.AsSpan(Prefix.Length);
        var epoch = 0L;
        var separator = rest.IndexOf(EpochSeparator, StringComparison.Ordinal);
        if (separator >= 0)
        {
            if (!long.TryParse(rest[(separator + EpochSeparator.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out epoch) || epoch <= 0) return null;
            rest = rest[..separator];
        }
        return long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? (id, epoch) : null;
    }
}
