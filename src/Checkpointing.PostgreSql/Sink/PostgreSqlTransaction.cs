using MessagePack;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing.PostgreSql;

/// <summary>
/// One subtask's transaction for one checkpoint. Until the checkpoint it collects batches; at the checkpoint it gets
/// its <see cref="Gid"/> and is prepared with the number of rows it holds. Only the gid and the row count go into
/// checkpoints: the rows themselves are on the server.
/// </summary>
public sealed class PostgreSqlTransaction
{
    // Only the sink begins transactions (and its formatter restores them): users read them, never make them.
    internal PostgreSqlTransaction() { }

    /// <summary>The prepared transaction's global id; empty until the checkpoint seals it.</summary>
    public string Gid { get; internal set; } = "";

    /// <summary>The checkpoint that sealed it; 0 until then.</summary>
    public long CheckpointId { get; internal set; }

    /// <summary>Rows written into it. A transaction with none is never prepared and needs no commit.</summary>
    public long Rows { get; internal set; }

    /// <summary>Done once the server has prepared it (the snapshot's asynchronous part waits for this).</summary>
    internal Task Prepared { get; set; } = Task.CompletedTask;
}

internal sealed class PostgreSqlTransactionFormatter() : FieldArrayFormatter<PostgreSqlTransaction>("a PostgreSQL transaction", "gid", "checkpoint", "rows")
{
    protected override void WriteFields(ref MessagePackWriter writer, PostgreSqlTransaction value)
    {
        writer.Write(value.Gid);
        writer.Write(value.CheckpointId);
        writer.Write(value.Rows);
    }

    protected override PostgreSqlTransaction ReadFields(ref MessagePackReader reader) =>
        new() { Gid = reader.ReadString() ?? "", CheckpointId = reader.ReadInt64(), Rows = reader.ReadInt64() };
}
