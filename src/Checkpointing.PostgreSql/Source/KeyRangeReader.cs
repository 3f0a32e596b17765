using System.Diagnostics;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Reads this subtask's key ranges on its own connection, outside the checkpoint lock: per fetch, the next rows of one
/// range after its last position (<c>ORDER BY position LIMIT n</c>), ranges taken in turn. The position is read from
/// the row itself, so the split handed back says exactly which rows were emitted.
/// </summary>
internal sealed class KeyRangeReader<T> : SplitReader<KeyRangeSplit, T>
{
    private const string PositionAlias = "ckpt_position";
    private readonly PostgreSqlSourceOptions options;
    private readonly Func<NpgsqlDataReader, T> read;
    private readonly List<KeyRangeSplit> splits = [];
    private readonly string select;
    private readonly string position;
    private readonly string key;
    private NpgsqlConnection? connection;
    private int next;

    public KeyRangeReader(PostgreSqlSourceOptions options, Func<NpgsqlDataReader, T> read)
    {
        this.options = options;
        this.read = read;
        position = SqlNames.Quote(options.PositionColumn);
        key = SqlNames.Quote(options.SplitColumn ?? options.PositionColumn);
        var from = options.Table is { } table ? SqlNames.Table(options.Schema, table) : $"({options.Query})";
        select = $"SELECT q.*, q.{position} AS {PositionAlias} FROM {from} AS q";
    }

    public override void AddSplits(IReadOnlyList<KeyRangeSplit> added) => splits.AddRange(added);

    public override void Fetch(SplitBatch<KeyRangeSplit, T> batch, TimeSpan maxWait)
    {
        var started = Stopwatch.GetTimestamp();
        // Each range in turn until one has rows; when all are caught up, wait for the poll interval (bounded by maxWait).
        for (var tried = 0; tried < splits.Count; tried++)
        {
            var index = next++ % splits.Count;
            var split = splits[index];
            KeyRangeSplit? advanced;
            try
            {
                advanced = ReadRange(split, batch);
            }
            catch (NpgsqlException e)
            {
                connection?.Dispose();
                connection = null;
                throw new IOException($"Reading range {split.SplitId} after position {split.LastPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(start)"} failed: {e.Message}", e);
            }
            if (advanced is not null)
            {
                splits[index] = advanced;
                batch.Advance(advanced);
                return;
            }
            if (options.StopWhenCaughtUp)
            {
                batch.Finish(split);
                splits.RemoveAt(index);
                return;
            }
        }
        var wait = options.PollInterval < maxWait ? options.PollInterval : maxWait;
        var left = wait - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero) Thread.Sleep(left);
    }

    /// <summary>Adds the range's next rows to the batch; returns the range advanced past them, or null when it had none.</summary>
    private KeyRangeSplit? ReadRange(KeyRangeSplit split, SplitBatch<KeyRangeSplit, T> batch)
    {
        connection ??= OpenConnection();
        using var command = new NpgsqlCommand { Connection = connection };
        var conditions = new List<string>();
        if (split.Lower is { } lower) conditions.Add(Condition(command, $"{key} >= $", lower));
        if (split.Upper is { } upper) conditions.Add(Condition(command, $"{key} < $", upper));
        if (split.LastPosition is { } last) conditions.Add(Condition(command, $"{position} > $", last));
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions.Select(c => "q." + c));
        command.CommandText = $"{select}{where} ORDER BY q.{position} LIMIT {options.BatchSize}";
        long? reached = null;
        using (var reader = command.ExecuteReader())
        {
            var positionOrdinal = reader.GetOrdinal(PositionAlias);
            while (reader.Read())
            {
                var value = reader.GetInt64(positionOrdinal);
                batch.Add(read(reader));
                reached = value;
            }
        }
        return reached is { } at ? split with { LastPosition = at } : null;
    }

    private static string Condition(NpgsqlCommand command, string text, long value)
    {
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = value });
        return text + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private NpgsqlConnection OpenConnection()
    {
        var opened = new NpgsqlConnection(options.ConnectionString);
        opened.Open();
        return opened;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection?.Dispose();
        base.Dispose(disposing);
    }
}
