namespace Checkpointing.PostgreSql.Tests;

public sealed record Note(long Id, string? Text);

/// <summary>Values are parameters and names are quoted: any string is stored as it is and nothing is executed.</summary>
[Collection(PostgreSqlCollection.Name)]
public class HostileStringTests(PostgreSqlFixture db)
{
    private static readonly string[] Hostile =
    [
        "'); DROP TABLE victim; --",
        "\"; DELETE FROM victim; --",
        "Robert'); DROP TABLE students;--",
        "\\'; SELECT pg_sleep(10); --",
        "$1, $2); DROP TABLE victim; --",
        "E'\\x41'",
        "line one\nline two\r\n\ttabbed",
        "ünïcødé ✓ 漢字 🙂",
        "",
        "''''",
        "%_*?[]{}",
        "COPY victim FROM PROGRAM 'id'",
    ];

    public static TheoryData<PostgreSqlSinkMode, PostgreSqlWriteMethod> Modes() => new()
    {
        { PostgreSqlSinkMode.ExactlyOnce, PostgreSqlWriteMethod.BinaryCopy },
        { PostgreSqlSinkMode.ExactlyOnce, PostgreSqlWriteMethod.MultiRowInsert },
        { PostgreSqlSinkMode.AtLeastOnce, PostgreSqlWriteMethod.BinaryCopy },
        { PostgreSqlSinkMode.Upsert, PostgreSqlWriteMethod.MultiRowInsert },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Hostile_values_and_names_are_stored_verbatim(PostgreSqlSinkMode mode, PostgreSqlWriteMethod method)
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS victim (x integer)");
        // A table and columns whose names would break any statement that pasted them in unquoted.
        var table = $"t\"; DROP TABLE victim; -- {mode} {method}";
        await db.ExecuteAsync($"CREATE TABLE {SqlNames.Quote(table)} (\"i\"\"d\" bigint PRIMARY KEY, \"te xt'); --\" text)");
        var notes = Hostile.Select((text, i) => new Note(i, text)).Append(new Note(Hostile.Length, null)).ToList();
        var env = ExactlyOnceSinkTests.Environment(1, restarts: 0);
        env.AddSource(() => new ListSource<Note>(notes)).Uid("source")
           .AddSink(() => new PostgreSqlSink<Note>(new PostgreSqlSinkOptions<Note>
           {
               ConnectionString = db.ConnectionString,
               Table = table,
               Mode = mode,
               WriteMethod = method,
               KeyColumns = mode == PostgreSqlSinkMode.Upsert ? ["i\"d"] : [],
               Columns = new ColumnMapping<Note>().Column("i\"d", n => n.Id).Column("te xt'); --", n => n.Text),
               BatchSize = 5,
           })).Uid("sink");

        var result = await env.ExecuteAsync($"hostile-{mode}-{method}").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        var stored = await db.QueryAsync<string?>($"SELECT \"te xt'); --\" FROM {SqlNames.Quote(table)} ORDER BY \"i\"\"d\"");
        Assert.Equal(notes.Select(n => n.Text), stored);
        Assert.Single(await db.QueryAsync<string>("SELECT tablename::text FROM pg_tables WHERE tablename = 'victim'"));
    }
}
