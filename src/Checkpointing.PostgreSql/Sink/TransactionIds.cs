using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Global transaction ids of prepared transactions: <c>ckpt:{job}:{operator}:{subtask}:{checkpoint}:{run}</c>. The
/// prefix up to the operator names this sink of this job, so recovery finds its own transactions in
/// <c>pg_prepared_xacts</c> and no one else's; the subtask says who recovers it after a rescale; the run (random per
/// sink instance) keeps a new run's ids apart from an earlier run's that reused checkpoint ids. Job and operator are
/// kept readable when they are short plain names, and otherwise shortened with a hash of the exact name, which keeps
/// the id within PostgreSQL's 200 bytes and free of quotes.
/// </summary>
internal sealed class TransactionIds
{
    private const int MaxNamePart = 60;

    public TransactionIds(string jobName, string operatorUid, int subtask)
    {
        Prefix = $"ckpt:{Part(jobName)}:{Part(operatorUid)}:";
        Subtask = subtask;
        Run = Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>What every id of this job's operator starts with.</summary>
    public string Prefix { get; }

    public int Subtask { get; }

    public string Run { get; }

    /// <summary>The id of the transaction subtask <see cref="Subtask"/> prepares at <paramref name="checkpointId"/>.</summary>
    public string For(long checkpointId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Subtask}:{checkpointId}:{Run}");

    /// <summary>The subtask that prepared <paramref name="gid"/>, if it is one of this prefix's ids.</summary>
    public bool TryParseSubtask(string gid, out int subtask)
    {
        subtask = -1;
        if (!gid.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = gid.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        return colon > 0 && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out subtask);
    }

    private static string Part(string name)
    {
        var plain = name.Length is > 0 and <= MaxNamePart && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (plain) return name;
        var kept = new string([.. name.Take(MaxNamePart - 9).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name));
        return string.Create(CultureInfo.InvariantCulture, $"{kept}~{hash:x8}");
    }
}
