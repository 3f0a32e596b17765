namespace Checkpointing.PostgreSql;

/// <summary>What a <see cref="PostgreSqlSink{T}"/> guarantees.</summary>
public enum PostgreSqlSinkMode
{
    /// <summary>
    /// Each checkpoint's records of a subtask go into one transaction, prepared (<c>PREPARE TRANSACTION</c>) at the
    /// checkpoint and committed (<c>COMMIT PREPARED</c>) when it completes. Needs <c>max_prepared_transactions</c> &gt; 0.
    /// </summary>
    ExactlyOnce,

    /// <summary>Batches are upserted (<c>INSERT … ON CONFLICT (key) DO UPDATE</c>) and committed as written; a replay after a restore overwrites the same rows.</summary>
    Upsert,

    /// <summary>Batches are inserted and committed as written; a replay after a restore inserts its rows again.</summary>
    AtLeastOnce,
}

/// <summary>How batches are sent.</summary>
public enum PostgreSqlWriteMethod
{
    /// <summary>Binary <c>COPY … FROM STDIN</c>: one stream per batch.</summary>
    BinaryCopy,

    /// <summary>Multi-row <c>INSERT … VALUES (…), (…)</c> with positional parameters.</summary>
    MultiRowInsert,
}

/// <summary>Where and how a <see cref="PostgreSqlSink{T}"/> writes.</summary>
public sealed class PostgreSqlSinkOptions<T>
{
    /// <summary>The Npgsql connection string.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The table rows go into (quoted as given, so case and any character are kept).</summary>
    public required string Table { get; init; }

    /// <summary>The table's schema; null for the search path's first.</summary>
    public string? Schema { get; init; }

    /// <summary>The columns written and where each value comes from.</summary>
    public required ColumnMapping<T> Columns { get; init; }

    /// <summary>The guarantee; see <see cref="PostgreSqlSinkMode"/>.</summary>
    public PostgreSqlSinkMode Mode { get; init; } = PostgreSqlSinkMode.ExactlyOnce;

    /// <summary>For <see cref="PostgreSqlSinkMode.Upsert"/>: the columns of the unique key the conflict is detected on.</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = [];

    /// <summary>A batch is sent when it holds this many rows…</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>…or when its oldest row waited this long. Every checkpoint also sends what is buffered.</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How many sealed batches may wait for the server before <c>Invoke</c> waits for one to be written (backpressure).
    /// </summary>
    public int MaxBatchesInFlight { get; init; } = 2;

    /// <summary>
    /// How batches are sent. Upsert always uses multi-row <c>INSERT … ON CONFLICT</c>; for the other modes binary COPY
    /// measured faster (benchmarks/Checkpointing.PostgreSql.Benchmarks).
    /// </summary>
    public PostgreSqlWriteMethod WriteMethod { get; init; } = PostgreSqlWriteMethod.BinaryCopy;

    /// <summary>
    /// For <see cref="PostgreSqlSinkMode.ExactlyOnce"/>: the table recording which prepared transactions were committed,
    /// so a restore can tell a transaction committed before a failure from one the server lost. Created if missing.
    /// </summary>
    public string CommitLogTable { get; init; } = "checkpointing_sink_commits";

    /// <summary>How many checkpoints a subtask's rows stay in <see cref="CommitLogTable"/>; older ones are deleted by later transactions.</summary>
    public int CommitLogRetention { get; init; } = 1000;

    /// <summary>Commit retries on transient errors (connection loss, server restart) before the job fails.</summary>
    public int CommitRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each further retry doubles it.</summary>
    public TimeSpan CommitRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ConnectionString);
        ArgumentException.ThrowIfNullOrEmpty(Table);
        ArgumentNullException.ThrowIfNull(Columns);
        if (Columns.Columns.Count == 0) throw new ArgumentException($"The sink into table '{Table}' maps no column.");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchesInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CommitRetries, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(CommitLogRetention, 2);
        if (Mode == PostgreSqlSinkMode.Upsert)
        {
            if (KeyColumns.Count == 0) throw new ArgumentException($"An upsert into table '{Table}' needs KeyColumns, the unique key conflicts are detected on.");
            foreach (var key in KeyColumns)
                if (Columns.Columns.All(c => c.Name != key))
                    throw new ArgumentException($"Upsert key column '{key}' of table '{Table}' is not among the mapped columns ({string.Join(", ", Columns.Columns.Select(c => c.Name))}).");
        }
    }
}
