using System.Globalization;

namespace Checkpointing;

/// <summary>How checkpoints are named inside a job's folder or key prefix, in every storage: <c>chk-{id}</c>.</summary>
public static class CheckpointFolderName
{
    private const string Prefix = "chk-";

    /// <summary>The name of checkpoint <paramref name="checkpointId"/>.</summary>
    public static string Of(long checkpointId) => Prefix + checkpointId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id a checkpoint name carries; null when <paramref name="name"/> is not one.</summary>
    public static long? IdOf(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id : null;
}
