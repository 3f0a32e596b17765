// CSV files → parse → exactly-once PostgreSQL sink, with injected failures and a rescale through a savepoint; it
// ends with a verification line from a SELECT on the table.
//   dotnet run --project samples/FilesToPostgres -- [--connection "Host=…"] [--files 12] [--lines 5000] [--failures 2]
// Without --connection it starts a private PostgreSQL server (tests/Shared/PostgreSql/PrivatePostgreSqlServer.cs).
using Checkpointing;
using Checkpointing.PostgreSql;
using Checkpointing.PostgreSql.Testing;
using FilesToPostgresSample;
using Microsoft.Extensions.Logging;
using Npgsql;

var options = SampleOptions.Parse(args);
var work = Path.Combine(Path.GetTempPath(), "checkpointing-files-to-postgres-" + System.Environment.ProcessId);
var input = Path.Combine(work, "input");
Directory.CreateDirectory(input);
await using var server = options.Connection is null ? await PrivatePostgreSqlServer.StartAsync() : null;
var connection = options.Connection ?? server!.ConnectionString;
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel.Warning));
try
{
    await ExecuteAsync(connection, "DROP TABLE IF EXISTS orders; CREATE TABLE orders (order_id bigint NOT NULL, customer text NOT NULL, amount numeric(12,2) NOT NULL, note text NOT NULL)");
    Console.WriteLine($"FilesToPostgres: {options.Files} CSV files of {options.Lines:N0} lines into table orders at {(server is null ? "the given server" : $"a private server on port {server.Port}")}; work folder {work}");

    // Run 1: the first half of the files at parallelism 3, new files discovered every 200 ms, failures on the way;
    // once everything read so far is committed, stop with a savepoint.
    var half = options.Files / 2;
    Order.WriteFiles(input, 0, half, options.Lines);
    var firstRecords = (long)half * options.Lines;
    var failures = new FailureInjector([.. Enumerable.Range(1, options.Failures).Select(i => firstRecords * i / (options.Failures + 1))]);
    var first = NewEnvironment(3, work, loggerFactory);
    Pipeline(first, input, connection, TimeSpan.FromMilliseconds(200), failures.Observe);
    var job = await first.StartAsync("files-to-postgres");
    await WaitForRowsAsync(connection, firstRecords, job);
    var savepoint = await job.StopWithSavepointAsync(Path.Combine(work, "savepoints"));
    var stopped = await job.Completion;
    Console.WriteLine($"Run 1 at parallelism 3: {stopped.Status} after {stopped.Restarts} restart(s) ({failures.Failed} injected), savepoint {savepoint}");

    // Run 2: the other half appears; restored at parallelism 2, the files' splits (with offsets) are redistributed,
    // new files are found, one more failure, and the run ends when every file is read.
    Order.WriteFiles(input, half, options.Files, options.Lines);
    var more = new FailureInjector((long)(options.Files - half) * options.Lines / 2);
    var second = NewEnvironment(2, work, loggerFactory).RestoreFrom(savepoint);
    Pipeline(second, input, connection, null, more.Observe);
    var result = await second.ExecuteAsync("files-to-postgres");
    Console.WriteLine($"Run 2 at parallelism 2: {result.Status} after {result.Restarts} restart(s) ({more.Failed} injected), last checkpoint {result.LastCheckpointId}");

    var expected = (long)options.Files * options.Lines;
    var (rows, distinct, missing) = await VerifyAsync(connection, options.Files, options.Lines);
    var duplicated = rows - distinct;
    var ok = rows == expected && missing == 0 && duplicated == 0 && result.Status == JobStatus.Finished;
    Console.WriteLine($"VERIFY rows {rows}, lost {missing}, duplicated {duplicated}: {(ok ? "OK" : "FAILED")}");
    return ok ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static StreamExecutionEnvironment NewEnvironment(int parallelism, string work, ILoggerFactory loggerFactory)
{
    var env = new StreamExecutionEnvironment
    {
        Parallelism = parallelism,
        CheckpointStorage = new FileSystemCheckpointStorage(Path.Combine(work, "checkpoints")),
        RestartStrategy = RestartStrategy.FixedDelay(attempts: 5, delay: TimeSpan.FromMilliseconds(100)),
        LoggerFactory = loggerFactory,
    };
    env.EnableCheckpointing(TimeSpan.FromMilliseconds(200));
    return env;
}

static void Pipeline(StreamExecutionEnvironment env, string input, string connection, TimeSpan? discovery, Func<Order, Order> inject) =>
    env.AddSource(() => FileSource.Lines(new FileSourceOptions(input) { Glob = "*.csv", DiscoveryInterval = discovery }, Order.Parse)).Uid("csv-files")
       .Map(inject)
       .AddSink(() => new PostgreSqlSink<Order>(new PostgreSqlSinkOptions<Order>
       {
           ConnectionString = connection,
           Table = "orders",
           Mode = PostgreSqlSinkMode.ExactlyOnce,
           Columns = new ColumnMapping<Order>()
               .Column("order_id", o => o.OrderId)
               .Column("customer", o => o.Customer)
               .Column("amount", o => o.Amount)
               .Column("note", o => o.Note),
       })).Uid("orders-sink");

static async Task ExecuteAsync(string connection, string sql)
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var command = new NpgsqlCommand(sql, db);
    await command.ExecuteNonQueryAsync();
}

static async Task<long> CountAsync(string connection)
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT count(*) FROM orders", db);
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task WaitForRowsAsync(string connection, long rows, JobClient job)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
    while (await CountAsync(connection) < rows)
    {
        if (job.Completion.IsCompleted) throw new InvalidOperationException($"The job ended before {rows} rows were committed: {(await job.Completion).Status}");
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"{rows} rows were not committed within 2 minutes.");
        await Task.Delay(100);
    }
}

// Rows, distinct order ids, and expected ids missing: all from the table.
static async Task<(long Rows, long Distinct, long Missing)> VerifyAsync(string connection, int files, int lines)
{
    await using var db = new NpgsqlConnection(connection);
    await db.OpenAsync();
    await using var command = new NpgsqlCommand(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(DISTINCT order_id) FROM orders), " +
        "(SELECT count(*) FROM generate_series(0, $1 - 1) AS f, generate_series(0, $2 - 1) AS l WHERE NOT EXISTS (SELECT 1 FROM orders WHERE order_id = f * 1000000 + l))", db);
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = files });
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lines });
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
}

internal sealed record SampleOptions(string? Connection, int Files, int Lines, int Failures)
{
    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions(null, 12, 5_000, 2);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--connection" => options with { Connection = args[++i] },
                "--files" => options with { Files = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--lines" => options with { Lines = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--failures" => options with { Failures = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --connection STRING, --files N, --lines N, --failures N."),
            };
        }
        if (options.Files < 2) throw new ArgumentException("--files must be at least 2: half are read before the rescale, half after.");
        return options;
    }
}
