using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Diagnostics;

/// <summary>The checkpoint lifecycle, restores and restarts reach the environment's <see cref="ILoggerFactory"/>.</summary>
public class LoggingTests
{
    [Fact]
    public async Task Checkpoints_restarts_and_the_end_of_a_job_are_logged()
    {
        var logs = new CapturingLoggerFactory();
        var faults = new Faults(runFailures: 1);
        var env = new StreamExecutionEnvironment
        {
            Parallelism = 2,
            LoggerFactory = logs,
            RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(10)),
        };
        env.AddSource(() => new LimitedCounter(1_000, faults)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        var result = await env.ExecuteAsync("logged-job");

        Assert.Equal(1, result.Restarts);
        var entries = logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Starting job logged-job at parallelism 2", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("restart 1 of 3", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith($"Completed checkpoint {result.LastCheckpointId} of job logged-job", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Job logged-job ended Finished after 1 restart(s)", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.StartsWith("Checkpointing", e.Category));
    }

    [Fact]
    public async Task A_restore_says_which_checkpoint_at_which_parallelism()
    {
        var logs = new CapturingLoggerFactory();
        var savepoints = Path.Combine(Path.GetTempPath(), "checkpointing-logging-" + Guid.NewGuid().ToString("N"));
        try
        {
            var env = new StreamExecutionEnvironment { Parallelism = 2, LoggerFactory = logs };
            env.AddSource(() => new LimitedCounter(long.MaxValue)).Uid("counter").AddSink(() => new DiscardingSink<long>());
            var client = await env.StartAsync("restored-job");
            var savepoint = await client.StopWithSavepointAsync(savepoints);
            Assert.Contains(logs.Entries, e => e.Message.StartsWith("Completed savepoint", StringComparison.Ordinal) && e.Message.Contains(savepoint, StringComparison.Ordinal));

            env.Parallelism = 3;
            env.RestoreFrom(savepoint);
            var run = await env.StartAsync("restored-job");
            await run.CancelAsync();
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information
                && e.Message.StartsWith("Job restored-job restored checkpoint", StringComparison.Ordinal)
                && e.Message.EndsWith("at parallelism 3", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(savepoints)) Directory.Delete(savepoints, recursive: true);
        }
    }
}
