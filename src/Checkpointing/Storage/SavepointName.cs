using System.Globalization;
using System.Text.RegularExpressions;

namespace Checkpointing;

/// <summary>
/// How savepoints are named, in every storage: <c>savepoint-{job}-{id}-{8 hex digits}</c>, the job name escaped by
/// <see cref="SafeName"/>. The random suffix keeps two savepoints of one id (two runs) apart.
/// </summary>
public static partial class SavepointName
{
    private const string Prefix = "savepoint-";

    // '/' and NUL on every platform, so a safe name is one segment of a folder path and of an object key alike.
    private static readonly char[] Invalid = Path.GetInvalidFileNameChars();

    /// <summary>A fresh name for a savepoint of <paramref name="jobName"/> with id <paramref name="checkpointId"/>.</summary>
    public static string New(string jobName, long checkpointId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{SafeName(jobName)}-{checkpointId}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The id in a savepoint name of <paramref name="jobName"/>; 0 when the name is not one of that job's savepoints.</summary>
    /// <remarks>What follows the job's part must be exactly <c>{id}-{8 hex}</c>: a job whose name extends this one's never matches.</remarks>
    public static long IdOf(string name, string jobName)
    {
        var prefix = Prefix + SafeName(jobName) + "-";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var match = Suffix().Match(name[prefix.Length..]);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    /// <summary>The id in any savepoint name, whatever its job; null when the name is not a savepoint's.</summary>
    public static long? IdOf(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var match = AnySuffix().Match(name);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>
    /// A job name as one path segment, one-to-one: characters that paths reject, '%' itself, and the names "." and
    /// ".." are escaped as %XX, so two different job names never share a folder or key prefix.
    /// </summary>
    public static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c == '%' || Array.IndexOf(Invalid, c) >= 0 || char.IsControl(c))
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
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

    [GeneratedRegex("^([0-9]+)-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    [GeneratedRegex("-([0-9]+)-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex AnySuffix();
}
