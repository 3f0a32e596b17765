using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// PostgreSQL's two-phase commit for one sink subtask: PREPARE, COMMIT PREPARED with retries, and recovery after a
/// restore the way Flink's JDBC XA sink does it — commit what the checkpoint lists, roll back every other prepared
/// transaction of this job's operator. After a rescale the subtasks that no longer exist have their transactions
/// recovered by subtask <c>old index mod new parallelism</c>, so each gid has exactly one owner.
/// </summary>
internal sealed class PreparedTransactions(NpgsqlDataSource dataSource, TransactionIds ids, CommitLog log, ILogger logger, int retries, TimeSpan retryDelay)
{
    public TransactionIds Ids { get; } = ids;

    /// <summary>Fails at <c>Open</c> when the server cannot prepare transactions at all.</summary>
    public void CheckServer(string table)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SHOW max_prepared_transactions", connection);
        var setting = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (setting == 0)
            throw new InvalidOperationException(
                $"The exactly-once PostgreSQL sink into '{table}' needs two-phase commit, but the server at {connection.Host}:{connection.Port} has max_prepared_transactions = 0. " +
                "Set max_prepared_transactions in postgresql.conf (or start the server with -c max_prepared_transactions=N) to at least twice the sink's parallelism and restart the server.");
        log.Ensure(connection);
    }

    /// <summary>Records the transaction in the commit log and prepares it under its gid; the connection is free for the next one afterwards.</summary>
    public void Prepare(NpgsqlConnection connection, PostgreSqlTransaction transaction)
    {
        // One round trip: the commit log's row, its pruning, and the PREPARE itself.
        using var batch = new NpgsqlBatch(connection);
        foreach (var command in log.Record(Ids, transaction)) batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"PREPARE TRANSACTION {SqlNames.Literal(transaction.Gid)}"));
        batch.ExecuteNonQuery();
    }

    /// <summary>
    /// Commits <paramref name="transaction"/>, retrying transient errors with doubling delays. A gid the server no
    /// longer has prepared is fine when the commit log shows it committed, and an error when not: its rows are lost.
    /// </summary>
    public async Task CommitAsync(PostgreSqlTransaction transaction, CancellationToken token)
    {
        var delay = retryDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    try
                    {
                        var commit = new NpgsqlCommand($"COMMIT PREPARED {SqlNames.Literal(transaction.Gid)}", connection);
                        await using (commit.ConfigureAwait(false)) await commit.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
                    {
                        ConfirmCommitted(connection, transaction, e);
                    }
                }
                return;
            }
            catch (Exception e) when (IsTransient(e) && attempt < retries && !token.IsCancellationRequested)
            {
                logger.LogWarning(e, "COMMIT PREPARED {Gid} failed (attempt {Attempt} of {Attempts}); retrying in {Delay}", transaction.Gid, attempt + 1, retries + 1, delay);
                await Task.Delay(delay, token).ConfigureAwait(false);
                delay *= 2;
            }
            catch (Exception e) when (IsTransient(e))
            {
                throw new PostgreSqlCommitException(transaction.Gid,
                    $"Could not commit prepared transaction '{transaction.Gid}' ({transaction.Rows} rows of checkpoint {transaction.CheckpointId}) after {attempt + 1} attempts: {e.Message}. " +
                    "It stays prepared on the server; the job fails and its restore commits it.", e);
            }
        }
    }

    /// <summary>
    /// After a restore at <paramref name="parallelism"/>: commits the transactions of <paramref name="listed"/> this
    /// subtask owns, and rolls back every other prepared transaction of this operator it owns.
    /// </summary>
    public void Recover(IReadOnlyCollection<PostgreSqlTransaction> listed, int parallelism)
    {
        using var connection = dataSource.OpenConnection();
        var prepared = PreparedGids(connection);
        var keep = listed.Select(t => t.Gid).ToHashSet(StringComparer.Ordinal);
        foreach (var transaction in listed.Where(t => t.Rows > 0 && Owns(t.Gid, parallelism)))
        {
            if (prepared.Contains(transaction.Gid)) Execute(connection, $"COMMIT PREPARED {SqlNames.Literal(transaction.Gid)}");
            else ConfirmCommitted(connection, transaction, null);
            logger.LogInformation("Recovered prepared transaction {Gid} ({Rows} rows of checkpoint {CheckpointId})", transaction.Gid, transaction.Rows, transaction.CheckpointId);
        }
        foreach (var gid in prepared.Where(g => !keep.Contains(g) && Owns(g, parallelism)))
        {
            Execute(connection, $"ROLLBACK PREPARED {SqlNames.Literal(gid)}");
            logger.LogInformation("Rolled back prepared transaction {Gid}: no completed checkpoint lists it", gid);
        }
    }

    /// <summary>The prepared transactions of this job's operator in this database.</summary>
    public HashSet<string> PreparedGids(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Ids.Prefix });
        var result = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }

    private bool Owns(string gid, int parallelism) => Ids.TryParseSubtask(gid, out var subtask) && subtask % parallelism == Ids.Subtask;

    private void ConfirmCommitted(NpgsqlConnection connection, PostgreSqlTransaction transaction, Exception? cause)
    {
        if (log.Contains(connection, transaction.Gid)) return;
        throw new PostgreSqlCommitException(transaction.Gid,
            $"Prepared transaction '{transaction.Gid}' ({transaction.Rows} rows of checkpoint {transaction.CheckpointId}) is unknown to the server: it is neither prepared " +
            "nor recorded as committed in the commit log. Its rows were lost (rolled back by hand, or the server lost its state); they are not written again.", cause);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Connection loss, a server shutting down or refusing connections: worth another attempt.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };
}

/// <summary>A prepared transaction could not be committed, or was lost; <see cref="Gid"/> names it.</summary>
public sealed class PostgreSqlCommitException(string gid, string message, Exception? inner) : Exception(message, inner)
{
    /// <summary>The global id of the prepared transaction.</summary>
    public string Gid { get; } = gid;
}
