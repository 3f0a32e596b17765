using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Reads a table or query incrementally, exactly once across failures and rescales: the rows are split into fixed key
/// ranges (<see cref="PostgreSqlSourceOptions.SplitBoundaries"/>), each a split of the <see cref="SplitSource{TSplit, T}"/>
/// mechanism carrying the last position read in it. Parallel subtasks share the table without overlap (each range has
/// one owner), a rescale hands whole ranges with their positions to the new subtasks, and a restore resumes each range
/// right after its last row read. Rows are read in position order; when a range is caught up it is polled again.
/// </summary>
public sealed class PostgreSqlSource<T> : SplitSource<KeyRangeSplit, T>
{
    private readonly PostgreSqlSourceOptions options;
    private readonly Func<NpgsqlDataReader, T> read;

    /// <summary>
    /// Reads what <paramref name="options"/> selects; <paramref name="read"/> turns the current row into a record (the
    /// columns are those of the table or query, by name or ordinal).
    /// </summary>
    public PostgreSqlSource(PostgreSqlSourceOptions options, Func<NpgsqlDataReader, T> read) : base(KeyRangeSplitFormatter.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(read);
        options.Validate();
        this.options = options;
        this.read = read;
    }

    /// <inheritdoc />
    protected override bool IsBounded => options.StopWhenCaughtUp;

    /// <summary>The ranges never change, so one discovery finds them all.</summary>
    protected override IReadOnlyList<KeyRangeSplit> DiscoverSplits()
    {
        var bounds = options.SplitBoundaries;
        var splits = new List<KeyRangeSplit>(bounds.Count + 1);
        for (var i = 0; i <= bounds.Count; i++)
            splits.Add(new KeyRangeSplit(options.Name, i, i == 0 ? null : bounds[i - 1], i == bounds.Count ? null : bounds[i], null));
        return splits;
    }

    /// <inheritdoc />
    protected override SplitReader<KeyRangeSplit, T> CreateReader() => new KeyRangeReader<T>(options, read);

    /// <summary>Boundaries that cut [<paramref name="min"/>, <paramref name="max"/>] into <paramref name="splits"/> ranges of equal width.</summary>
    public static IReadOnlyList<long> EvenBoundaries(long min, long max, int splits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var width = ((decimal)max - min + 1) / splits;
        return [.. Enumerable.Range(1, splits - 1).Select(i => (long)(min + Math.Ceiling(width * i))).Distinct()];
    }
}
