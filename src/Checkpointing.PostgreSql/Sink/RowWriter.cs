using System.Globalization;
using System.Text;
using Npgsql;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Sends a batch of records as rows on a connection: binary COPY, or multi-row INSERT (with ON CONFLICT … DO UPDATE for
/// upserts). SQL text holds only quoted names and <c>$n</c> placeholders; every value is a parameter or a COPY field.
/// </summary>
internal sealed class RowWriter<T>
{
    // PostgreSQL's protocol carries at most 65535 parameters per statement.
    private const int MaxParameters = 65535;

    private readonly IReadOnlyList<SinkColumn<T>> columns;
    private readonly PostgreSqlWriteMethod method;
    private readonly string copyCommand;
    private readonly string insertHead;
    private readonly string? conflictTail;
    private readonly int[] keyIndexes;
    private readonly int rowsPerStatement;
    private readonly Dictionary<int, string> insertTexts = [];

    public RowWriter(PostgreSqlSinkOptions<T> options)
    {
        columns = options.Columns.Columns;
        var table = SqlNames.Table(options.Schema, options.Table);
        var names = SqlNames.List(columns.Select(c => c.Name));
        method = options.Mode == PostgreSqlSinkMode.Upsert ? PostgreSqlWriteMethod.MultiRowInsert : options.WriteMethod;
        copyCommand = $"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)";
        insertHead = $"INSERT INTO {table} ({names}) VALUES ";
        keyIndexes = [.. options.KeyColumns.Select(k => columns.ToList().FindIndex(c => c.Name == k))];
        if (options.Mode == PostgreSqlSinkMode.Upsert)
        {
            var updated = columns.Where(c => !options.KeyColumns.Contains(c.Name)).Select(c => $"{SqlNames.Quote(c.Name)} = EXCLUDED.{SqlNames.Quote(c.Name)}").ToList();
            conflictTail = $" ON CONFLICT ({SqlNames.List(options.KeyColumns)}) " + (updated.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", updated));
        }
        rowsPerStatement = Math.Max(1, Math.Min(options.BatchSize, MaxParameters / columns.Count));
    }

    /// <summary>Writes <paramref name="count"/> records of <paramref name="rows"/>.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, T[] rows, int count, CancellationToken token)
    {
        if (count == 0) return;
        if (method == PostgreSqlWriteMethod.BinaryCopy)
        {
            await CopyAsync(connection, rows, count, token).ConfigureAwait(false);
            return;
        }
        var (source, length) = conflictTail is null ? (rows, count) : LastPerKey(rows, count);
        for (var start = 0; start < length; start += rowsPerStatement)
            await InsertAsync(connection, source, start, Math.Min(rowsPerStatement, length - start), token).ConfigureAwait(false);
    }

    private async Task CopyAsync(NpgsqlConnection connection, T[] rows, int count, CancellationToken token)
    {
        var importer = await connection.BeginBinaryImportAsync(copyCommand, token).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < count; i++)
            {
                await importer.StartRowAsync(token).ConfigureAwait(false);
                foreach (var column in columns) column.Write(importer, rows[i]);
            }
            await importer.CompleteAsync(token).ConfigureAwait(false);
        }
    }

    private async Task InsertAsync(NpgsqlConnection connection, T[] rows, int start, int count, CancellationToken token)
    {
        var command = new NpgsqlCommand(InsertText(count), connection);
        await using (command.ConfigureAwait(false))
        {
            for (var i = start; i < start + count; i++)
                foreach (var column in columns) command.Parameters.Add(column.Parameter(rows[i]));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }
    }

    /// <summary>The INSERT for <paramref name="count"/> rows, built once per row count: <c>VALUES ($1, $2), ($3, $4)</c>.</summary>
    private string InsertText(int count)
    {
        if (insertTexts.TryGetValue(count, out var text)) return text;
        var sql = new StringBuilder(insertHead);
        var parameter = 1;
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) sql.Append(", ");
                sql.Append('$').Append(parameter++.ToString(CultureInfo.InvariantCulture));
            }
            sql.Append(')');
        }
        sql.Append(conflictTail);
        text = sql.ToString();
        insertTexts[count] = text;
        return text;
    }

    /// <summary>
    /// The batch with only the last record of each key, in first-seen order: one statement may not update a row twice
    /// (ON CONFLICT DO UPDATE refuses it), and the last write of a key is the one an upsert keeps.
    /// </summary>
    private (T[] Rows, int Count) LastPerKey(T[] rows, int count)
    {
        var positions = new Dictionary<Key, int>(count);
        var result = new T[count];
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var key = new Key([.. keyIndexes.Select(k => columns[k].Value(rows[i]))]);
            if (positions.TryGetValue(key, out var at)) result[at] = rows[i];
            else
            {
                positions.Add(key, length);
                result[length++] = rows[i];
            }
        }
        return (result, length);
    }

    private readonly struct Key(object?[] values) : IEquatable<Key>
    {
        private readonly object?[] values = values;

        public bool Equals(Key other) => values.SequenceEqual(other.values);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in values) hash.Add(value);
            return hash.ToHashCode();
        }
    }
}
