using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// A table with one row per prepared transaction, written inside that transaction. PostgreSQL forgets a prepared
/// transaction once it is committed, so without it a restore could not tell "committed before the failure" (the row
/// is there) from "lost by the server" (it is not), and would have to either fail on the first or ignore the second.
/// </summary>
internal sealed class CommitLog(string? schema, string table, int retention)
{
    private readonly string name = SqlNames.Table(schema, table);

    /// <summary>Creates the table if it is missing. Subtasks open one after another, so they do not race for it.</summary>
    public void Ensure(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {name} (gid text PRIMARY KEY, operator text NOT NULL, subtask integer NOT NULL, checkpoint_id bigint NOT NULL, rows bigint NOT NULL, prepared_at timestamptz NOT NULL DEFAULT now())",
            connection);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another job created it at the same moment.
        }
    }

    /// <summary>
    /// The commands that record <paramref name="transaction"/> in itself and drop this subtask's rows older than the
    /// retention; they go in the same round trip as the PREPARE.
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> Record(TransactionIds ids, PostgreSqlTransaction transaction)
    {
        var insert = new NpgsqlBatchCommand($"INSERT INTO {name} (gid, operator, subtask, checkpoint_id, rows) VALUES ($1, $2, $3, $4, $5)");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = transaction.Gid });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ids.Prefix });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ids.Subtask });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = transaction.CheckpointId });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = transaction.Rows });
        yield return insert;
        var prune = new NpgsqlBatchCommand($"DELETE FROM {name} WHERE operator = $1 AND subtask = $2 AND checkpoint_id < $3");
        prune.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ids.Prefix });
        prune.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ids.Subtask });
        prune.Parameters.Add(new NpgsqlParameter<long> { TypedValue = transaction.CheckpointId - retention });
        yield return prune;
    }

    /// <summary>Whether <paramref name="gid"/> was committed.</summary>
    public bool Contains(NpgsqlConnection connection, string gid)
    {
        using var command = new NpgsqlCommand($"SELECT 1 FROM {name} WHERE gid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = gid });
        return command.ExecuteScalar() is not null;
    }
}
