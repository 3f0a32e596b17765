using Microsoft.Extensions.Logging;

namespace Checkpointing.Kafka.Tests.Cluster;

/// <summary>Keeps every log line of the jobs (all tests share it), so a failed assertion can show what the job did.</summary>
internal sealed class CapturedLog : ILoggerFactory, ILogger
{
    public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new();
    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
}
