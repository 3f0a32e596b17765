using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using Checkpointing.PostgreSql.Testing;
using Npgsql;

namespace Checkpointing.PostgreSql.Benchmarks;

/// <summary>One row written: the same three columns in every case.</summary>
public sealed record Row(long Id, int Partition, string Payload);

/// <summary>
/// Rows per second into one private server: the exactly-once sink and the upsert sink in a job checkpointing every
/// second, against a bare Npgsql loop that sends the same batches on one connection (the baseline). Each invocation
/// writes <see cref="Rows"/> rows into an emptied table; for the sinks that includes starting and finishing the job,
/// and the final checkpoint's PREPARE and COMMIT PREPARED, so the job's fixed costs are in the ratio.
/// </summary>
[MemoryDiagnoser]
public class SinkThroughput
{
    public const string DryVariable = "CHECKPOINTING_PG_BENCH_DRY";
    private const int BatchSize = 5000;
    private static readonly bool Dry = Environment.GetEnvironmentVariable(DryVariable) == "1";
    private static readonly int Rows = Dry ? 2_000 : 1_000_000;

    private PrivatePostgreSqlServer? server;
    private string connection = "";

    [GlobalSetup]
    public void Start()
    {
        server = PrivatePostgreSqlServer.StartAsync().GetAwaiter().GetResult();
        connection = server.ConnectionString;
        Execute("CREATE TABLE plain (id bigint NOT NULL, partition integer NOT NULL, payload text NOT NULL)");
        Execute("CREATE TABLE keyed (id bigint PRIMARY KEY, partition integer NOT NULL, payload text NOT NULL)");
    }

    [GlobalCleanup]
    public void Stop() => server?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void Empty() => Execute("TRUNCATE plain, keyed");

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public long Bare_loop_binary_copy() => BareLoop(PostgreSqlWriteMethod.BinaryCopy);

    [Benchmark]
    public long Bare_loop_multirow_insert() => BareLoop(PostgreSqlWriteMethod.MultiRowInsert);

    [Benchmark]
    public long ExactlyOnce_sink_binary_copy() => RunJob(PostgreSqlSinkMode.ExactlyOnce, PostgreSqlWriteMethod.BinaryCopy, "plain");

    [Benchmark]
    public long ExactlyOnce_sink_multirow_insert() => RunJob(PostgreSqlSinkMode.ExactlyOnce, PostgreSqlWriteMethod.MultiRowInsert, "plain");

    [Benchmark]
    public long Upsert_sink() => RunJob(PostgreSqlSinkMode.Upsert, PostgreSqlWriteMethod.MultiRowInsert, "keyed");

    /// <summary>The baseline: batches of the same size, each sent and committed on one connection, no job around it.</summary>
    private long BareLoop(PostgreSqlWriteMethod method)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        var batch = new Row[BatchSize];
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var count = Math.Min(BatchSize, Rows - start);
            for (var i = 0; i < count; i++) batch[i] = NewRow(start + i);
            if (method == PostgreSqlWriteMethod.BinaryCopy) Copy(db, batch, count);
            else Insert(db, batch, count);
        }
        return Rows;
    }

    private static void Copy(NpgsqlConnection db, Row[] rows, int count)
    {
        using var importer = db.BeginBinaryImport("COPY plain (id, partition, payload) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < count; i++)
        {
            importer.StartRow();
            importer.Write(rows[i].Id);
            importer.Write(rows[i].Partition);
            importer.Write(rows[i].Payload);
        }
        importer.Complete();
    }

    /// <summary>One INSERT per batch over <c>unnest</c> of one array per column, the sink's multi-row form.</summary>
    private static void Insert(NpgsqlConnection db, Row[] rows, int count)
    {
        using var command = new NpgsqlCommand("INSERT INTO plain (id, partition, payload) SELECT * FROM unnest($1, $2, $3)", db);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Take(count).Select(r => r.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rows.Take(count).Select(r => r.Partition)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Take(count).Select(r => r.Payload)] });
        command.ExecuteNonQuery();
    }

    private long RunJob(PostgreSqlSinkMode mode, PostgreSqlWriteMethod method, string table)
    {
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromSeconds(1));
        env.AddSource(() => new RowSource(Rows)).Uid("rows")
           .AddSink(() => new PostgreSqlSink<Row>(new PostgreSqlSinkOptions<Row>
           {
               ConnectionString = connection,
               Table = table,
               Mode = mode,
               WriteMethod = method,
               KeyColumns = mode == PostgreSqlSinkMode.Upsert ? ["id"] : [],
               BatchSize = BatchSize,
               Columns = new ColumnMapping<Row>().Column("id", r => r.Id).Column("partition", r => r.Partition).Column("payload", r => r.Payload),
           })).Uid("sink");
        var result = env.ExecuteAsync($"bench-{mode}-{method}").WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (result.Status != JobStatus.Finished) throw new InvalidOperationException($"The job ended {result.Status}.");
        var written = Count(table);
        if (written != Rows) throw new InvalidOperationException($"{written} rows in {table}, expected {Rows}.");
        return written;
    }

    internal static Row NewRow(long id) => new(id, (int)(id % 16), string.Create(CultureInfo.InvariantCulture, $"payload of row {id}"));

    /// <summary>The table of rows/s and the ratio to the bare binary-COPY loop, computed from the summary.</summary>
    public static string RowsPerSecond(Summary summary)
    {
        var text = new StringBuilder($"Rows/s ({Rows:N0} rows per invocation, checkpoint interval 1 s):\n");
        var baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(Bare_loop_binary_copy))?.ResultStatistics?.Mean;
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats) continue;
            var rate = Rows / (stats.Mean / 1e9);
            var ratio = baseline is { } b ? b / stats.Mean : double.NaN;
            text.Append(CultureInfo.InvariantCulture, $"  {report.BenchmarkCase.Descriptor.WorkloadMethod.Name,-34} {rate,14:N0} rows/s  {ratio,6:F2}x the bare binary-COPY loop\n");
        }
        return text.ToString();
    }

    private long Count(string table)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", db);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand(sql, db);
        command.ExecuteNonQuery();
    }
}

/// <summary>Emits rows 0..count-1 in one subtask, checkpointing its position.</summary>
public sealed partial class RowSource(long count) : RichParallelSourceFunction<Row>
{
    [Checkpointed] private long next;
    private volatile bool running = true;

    public override void Run(ISourceContext<Row> ctx)
    {
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                // A few hundred records per critical section, as a connector's batch would be.
                for (var i = 0; i < 256 && next < count; i++)
                {
                    ctx.Collect(SinkThroughput.NewRow(next));
                    next++;
                }
                if (next >= count) return;
            }
        }
    }

    public override void Cancel() => running = false;
}
