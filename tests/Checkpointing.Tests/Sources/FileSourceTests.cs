using System.Collections.Concurrent;
using Checkpointing.Tests.Diagnostics;
using Checkpointing.Tests.Execution;
using Record = Checkpointing.Tests.Execution.Record;

namespace Checkpointing.Tests.Sources;

public class FileSourceTests
{
    private const int Lines = 3_000;

    [Fact]
    public async Task A_restart_after_a_failure_resumes_in_the_middle_of_a_file_and_is_exactly_once()
    {
        using var dir = new TempDirectory();
        for (var f = 0; f < 3; f++) WriteFile(dir.Path, $"in/file-{f}.txt", f);
        var system = new ExternalSystem();
        var reads = new ConcurrentDictionary<Record, int>();
        var failures = 0;
        var logs = new CapturingLoggerFactory();
        var env = new StreamExecutionEnvironment { Parallelism = 2, LoggerFactory = logs, RestartStrategy = RestartStrategy.FixedDelay(2, TimeSpan.FromMilliseconds(10)) };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
        env.AddSource(() => FileSource.Lines(new FileSourceOptions(Path.Combine(dir.Path, "in")) { RecordsPerBatch = 20 }, Parse)).Uid("files")
           .Map(record =>
           {
               var seen = reads.AddOrUpdate(record, 1, (_, n) => n + 1);
               if (record.Offset % 20 == 0) Thread.Sleep(1);
               // One failure, two thirds into the first file read: after several checkpoints, in the middle of a file.
               if (record.Offset == 2 * Lines / 3 && seen == 1 && Interlocked.Exchange(ref failures, 1) == 0) throw new InjectedFailure("injected");
               return record;
           })
           .AddSink(() => new TransactionalSink(system)).Uid("sink");

        var result = await env.ExecuteAsync("files").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        ExactlyOnce.Assert(system.Committed, 3, Lines);
        // The restarted attempt continued files from checkpointed byte offsets, not from their starts ...
        var resumed = logs.Entries.Where(e => e.Message.StartsWith("File source resumes", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(resumed);
        // ... so only records after the restored checkpoint were read twice: well under a whole file.
        Assert.InRange(reads.Count(r => r.Value > 1), 1, Lines - 1);
    }

    [Fact]
    public async Task Files_that_appear_while_running_are_read_once_also_across_a_rescale()
    {
        using var dir = new TempDirectory();
        var input = Path.Combine(dir.Path, "in");
        WriteFile(dir.Path, "in/file-0.txt", 0, 200);
        WriteFile(dir.Path, "in/sub/file-1.txt", 1, 200);
        var system = new ExternalSystem();

        var first = await Continuous(3, input, system).StartAsync("watch");
        await WaitUntil(() => system.Committed.Count >= 400);
        for (var f = 2; f < 5; f++) MoveIn(dir.Path, $"in/sub/file-{f}.txt", f, 200);
        await WaitUntil(() => system.Committed.Count >= 1_000);
        var savepoint = await first.StopWithSavepointAsync(Path.Combine(dir.Path, "savepoints"));
        await first.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        MoveIn(dir.Path, "in/file-5.txt", 5, 200);
        var env = Continuous(2, input, system);
        env.RestoreFrom(savepoint);
        var second = await env.StartAsync("watch");
        await WaitUntil(() => system.Committed.Count >= 1_200);
        await Task.Delay(200); // time enough for a re-read, if the old files were read again
        await second.StopWithSavepointAsync(Path.Combine(dir.Path, "savepoints"));
        await second.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        ExactlyOnce.Assert(system.Committed, 6, 200);
    }

    [Fact]
    public async Task A_file_that_shrinks_while_being_read_fails_the_job_with_its_path()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir.Path, "in/big.txt", 0, 20_000);
        var seen = 0;
        var env = Paced(Path.Combine(dir.Path, "in"), () => Interlocked.Increment(ref seen), skip: false);
        var run = env.ExecuteAsync("shrink");
        await WaitUntil(() => Volatile.Read(ref seen) > 200);
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(4);

        var error = await Assert.ThrowsAsync<FileRecordException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("shrank to 4 bytes", error.Message);
    }

    [Fact]
    public async Task A_file_that_vanishes_while_being_read_fails_the_job_with_its_path_or_is_skipped_when_configured()
    {
        foreach (var skip in new[] { false, true })
        {
            using var dir = new TempDirectory();
            var path = WriteFile(dir.Path, "in/big.txt", 0, 20_000);
            WriteFile(dir.Path, "in/small.txt", 1, 10);
            var seen = 0;
            var env = Paced(Path.Combine(dir.Path, "in"), () => Interlocked.Increment(ref seen), skip);
            var run = env.ExecuteAsync("vanish");
            await WaitUntil(() => Volatile.Read(ref seen) > 200);
            File.Delete(path);

            if (skip)
            {
                var result = await run.WaitAsync(TimeSpan.FromMinutes(1));
                Assert.Equal(JobStatus.Finished, result.Status);
                Assert.True(Volatile.Read(ref seen) < 20_010, "the rest of the vanished file was skipped");
            }
            else
            {
                var error = await Assert.ThrowsAsync<FileRecordException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));
                Assert.Contains(path, error.Message);
                Assert.Contains("vanished while being read", error.Message);
            }
        }
    }

    [Fact]
    public async Task A_bad_record_names_its_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "numbers.txt");
        File.WriteAllText(path, "0:0\n0:1\r\nnot a record\n0:3\n");
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => FileSource.Lines(new FileSourceOptions(dir.Path), Parse)).Uid("files").AddSink(() => new TransactionalSink(new ExternalSystem()));

        var error = await Assert.ThrowsAsync<FileRecordException>(() => env.ExecuteAsync("bad").WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"Bad line 3 of {path} (at byte 9)", error.Message);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public async Task Bad_records_are_skipped_when_configured()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "numbers.txt"), "0:0\nnot a record\n0:1");
        var system = new ExternalSystem();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => FileSource.Lines(new FileSourceOptions(dir.Path) { SkipBadRecords = true }, Parse)).Uid("files")
           .AddSink(() => new TransactionalSink(system));

        var result = await env.ExecuteAsync("skip").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal([new Record(0, 0), new Record(0, 1)], system.Committed.OrderBy(r => r.Offset));
    }

    /// <summary>"file:line" → a record; anything else is a bad record.</summary>
    private static Record Parse(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0) throw new FormatException($"'{line}' is not file:line");
        return new Record(int.Parse(line.AsSpan(0, colon)), long.Parse(line.AsSpan(colon + 1)));
    }

    private static string WriteFile(string root, string relative, int file, int lines = Lines)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(i => $"{file}:{i}"));
        return path;
    }

    private static void MoveIn(string root, string relative, int file, int lines)
    {
        var staged = WriteFile(root, $"staging/{file}.txt", file, lines);
        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged, target);
    }

    private static StreamExecutionEnvironment Continuous(int parallelism, string input, ExternalSystem system)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
        var options = new FileSourceOptions(input) { Recursive = true, Glob = "file-*.txt", DiscoveryInterval = TimeSpan.FromMilliseconds(20) };
        env.AddSource(() => FileSource.Lines(options, Parse)).Uid("files").AddSink(() => new TransactionalSink(system)).Uid("sink");
        return env;
    }

    private static StreamExecutionEnvironment Paced(string input, Action seen, bool skip)
    {
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(10));
        env.AddSource(() => FileSource.Lines(new FileSourceOptions(input) { RecordsPerBatch = 10, SkipChangedFiles = skip }, Parse)).Uid("files")
           .Map(record =>
           {
               seen();
               // A whole millisecond: shorter sleeps round to none, and on a busy machine the job then read the
               // whole file before the test could change it.
               Thread.Sleep(1);
               return record;
           })
           .AddSink(() => new TransactionalSink(new ExternalSystem()));
        return env;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }
}
