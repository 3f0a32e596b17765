namespace Checkpointing.PostgreSql.Tests;

[Collection(PostgreSqlCollection.Name)]
public class UpsertSinkTests(PostgreSqlFixture db)
{
    [Fact]
    public async Task Replays_and_repeated_keys_leave_one_row_per_key_with_its_last_value()
    {
        var table = await db.CreateTableAsync("upsert", "id bigint PRIMARY KEY, version bigint NOT NULL");
        // Each key three times, later versions later, so batches hold repeated keys too.
        var notes = Enumerable.Range(0, 3).SelectMany(v => Enumerable.Range(0, 2_000).Select(id => new Note(id, v.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        for (var run = 0; run < 2; run++)
        {
            var failures = new FailurePlan(run == 0 ? [1_500, 4_200] : []);
            var env = ExactlyOnceSinkTests.Environment(1, restarts: 5);
            env.AddSource(() => new ListSource<Note>(notes)).Uid("source")
               .Map(failures.Observe)
               .AddSink(() => new PostgreSqlSink<Note>(new PostgreSqlSinkOptions<Note>
               {
                   ConnectionString = db.ConnectionString,
                   Table = table,
                   Mode = PostgreSqlSinkMode.Upsert,
                   KeyColumns = ["id"],
                   Columns = new ColumnMapping<Note>().Column("id", n => n.Id).Column("version", n => long.Parse(n.Text!, System.Globalization.CultureInfo.InvariantCulture)),
                   BatchSize = 700,
               })).Uid("sink");

            var result = await env.ExecuteAsync($"upsert-{table}").WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(JobStatus.Finished, result.Status);
            Assert.Equal(run == 0 ? 2 : 0, failures.Failures);
            Assert.Equal(2_000, (await db.QueryAsync<long>($"SELECT count(*) FROM \"{table}\""))[0]);
            Assert.Equal([2L], await db.QueryAsync<long>($"SELECT DISTINCT version FROM \"{table}\""));
        }
    }
}
