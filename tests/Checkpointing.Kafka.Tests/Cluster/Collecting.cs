using System.Collections.Concurrent;

namespace Checkpointing.Kafka.Tests.Cluster;

/// <summary>A sink that keeps every record it is given (tests of the source, where the sink is not under test).</summary>
public sealed class CollectingSink<T>(ConcurrentQueue<T> into) : ISinkFunction<T>
{
    public void Invoke(T value) => into.Enqueue(value);
}

public static class Waiting
{
    public static async Task Until(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition was not met in time.");
            await Task.Delay(10);
        }
    }
}

public sealed class InjectedFailure(string message) : Exception(message);
