using Checkpointing.Tests.Execution;
using Checkpointing.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Recovery;

/// <summary>Small jobs and a recording logger for the recovery tests.</summary>
internal static class Jobs
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Partitioned offsets into an exactly-once sink; <paramref name="pace"/> keeps it running for a while.</summary>
    public static StreamExecutionEnvironment Partitioned(CheckpointStorage storage, ExternalSystem system, long limit, TimeSpan pace, ILoggerFactory? logs = null, params long[] failAt)
    {
        var probe = new JobProbe(failAt) { Pace = pace };
        var env = new StreamExecutionEnvironment
        {
            Parallelism = 2,
            CheckpointStorage = storage,
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 5, delay: TimeSpan.FromMilliseconds(20)),
        };
        if (logs is not null) env.LoggerFactory = logs;
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(30));
        env.AddSource(() => new PartitionedSource(4, limit, probe)).Uid("source")
           .Map(probe.Observe)
           .AddSink(() => new TransactionalSink(system)).Uid("sink");
        return env;
    }
}

/// <summary>Collects log lines with their level, for tests that check what the runtime said and how loudly.</summary>
internal sealed class RecordingLogs : ILoggerFactory, ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Message)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<(LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : " | " + exception.Message)));
    }
}
