using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Tests;

/// <summary>The package's log events are a contract as the core's are: unique ids in 8xxx, named after their methods, listed in the README.</summary>
public class ClusterLogTests
{
    private static readonly (MethodInfo Method, LoggerMessageAttribute Message)[] Messages =
        [.. typeof(ICheckpointingJobGrain).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (m, m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.m, x.Item2!))];

    [Fact]
    public void Every_event_is_unique_in_its_range_named_after_its_method_and_listed_in_the_readme()
    {
        Assert.True(Messages.Length >= 5, $"found only {Messages.Length} [LoggerMessage] methods");
        Assert.Equal(Messages.Length, Messages.Select(m => m.Message.EventId).Distinct().Count());
        Assert.All(Messages, m => Assert.Equal(8, m.Message.EventId / 1000));
        Assert.All(Messages, m => Assert.Equal(m.Method.Name, m.Message.EventName));
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md")).Select(l => l.Trim()).ToArray();
        Assert.All(Messages, m =>
        {
            var row = rows.SingleOrDefault(r => r.StartsWith($"| `{m.Message.EventName}` ({m.Message.EventId}) | {m.Message.Level} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"README.md has no row for event {m.Message.EventId} {m.Message.EventName} at level {m.Message.Level}");
        });
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Generators.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No Generators.sln above {AppContext.BaseDirectory}.");
    }
}
