namespace Checkpointing.PostgreSql;

/// <summary>What a <see cref="PostgreSqlSource{T}"/> reads and how it is split.</summary>
public sealed class PostgreSqlSourceOptions
{
    /// <summary>The Npgsql connection string.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The table to read (quoted as given); set this or <see cref="Query"/>.</summary>
    public string? Table { get; init; }

    /// <summary>The table's schema; null for the search path's first.</summary>
    public string? Schema { get; init; }

    /// <summary>A query to read instead of a table, used as a subquery (it may not end with <c>;</c>).</summary>
    public string? Query { get; init; }

    /// <summary>
    /// The bigint column that increases strictly in the order rows become visible (an identity column with a single
    /// writer, a commit sequence): rows are read in its order and its last value read is the checkpointed position.
    /// </summary>
    public required string PositionColumn { get; init; }

    /// <summary>The bigint column whose ranges are the splits; default <see cref="PositionColumn"/>.</summary>
    public string? SplitColumn { get; init; }

    /// <summary>
    /// Ascending boundaries of the key ranges: <c>[b0, b1, …]</c> gives the splits (-∞, b0), [b0, b1), …, [bn, +∞).
    /// Empty: one split. Ranges are fixed for the life of the job's state, so every subtask derives the same ones.
    /// </summary>
    public IReadOnlyList<long> SplitBoundaries { get; init; } = [];

    /// <summary>At most this many rows per query (and per critical section).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>How long to wait before asking again when every owned range is caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>End once every range is caught up, instead of polling for new rows forever.</summary>
    public bool StopWhenCaughtUp { get; init; }

    internal string Name => Table is not null ? (Schema is null ? Table : Schema + "." + Table) : "query";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ConnectionString);
        ArgumentException.ThrowIfNullOrEmpty(PositionColumn);
        if ((Table is null) == (Query is null)) throw new ArgumentException("A PostgreSQL source reads either a Table or a Query: set exactly one.");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        for (var i = 1; i < SplitBoundaries.Count; i++)
            if (SplitBoundaries[i] <= SplitBoundaries[i - 1])
                throw new ArgumentException($"SplitBoundaries must increase strictly; {SplitBoundaries[i]} follows {SplitBoundaries[i - 1]} at index {i}.");
    }
}
