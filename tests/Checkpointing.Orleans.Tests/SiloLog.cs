using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// What the test clusters' silos log under the runtime's categories (<c>Checkpointing.*</c>), kept for the tests to
/// read by job: to assert on an event, and to say in a failure what the job did before it.
/// </summary>
public sealed class SiloLog : ISiloConfigurator
{
    // Every test of the run logs here; the oldest entries go first past this bound.
    private const int Kept = 100_000;
    private static readonly ConcurrentQueue<Entry> Entries = new();

    /// <summary>The entries that name job <paramref name="jobName"/>, in the order they were logged.</summary>
    public static IReadOnlyList<Entry> Of(string jobName) =>
        [.. Entries.Where(e => e.Message.Contains($"job {jobName} ", StringComparison.Ordinal) || e.Message.StartsWith($"Job {jobName} ", StringComparison.Ordinal))];

    /// <summary>The last <paramref name="count"/> entries of job <paramref name="jobName"/>, one per line, for a failure message.</summary>
    public static string Tail(string jobName, int count = 40) =>
        string.Join(Environment.NewLine, Of(jobName).TakeLast(count).Select(e => $"{e.Time:HH:mm:ss.fff} {e.Level} {e.Name}: {e.Message}"));

    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Services.AddSingleton<ILoggerProvider, Provider>();

    public sealed record Entry(DateTime Time, LogLevel Level, string Name, string Message);

    private sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName.StartsWith("Checkpointing", StringComparison.Ordinal));

        public void Dispose()
        {
        }
    }

    private sealed class Logger(bool kept) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => kept && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
            Entries.Enqueue(new Entry(DateTime.UtcNow, logLevel, eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), message));
            while (Entries.Count > Kept) Entries.TryDequeue(out _);
        }
    }
}
