using System.Reflection;
using Checkpointing.Package.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Diagnostics;

/// <summary>
/// The runtime's log event ids stay a contract: unique, named, one thousand-range per area (src/Checkpointing/Diagnostics/*Log.cs),
/// and each listed with its name and level in the README's logging table.
/// </summary>
public class EventIdTests
{
    private static readonly (Type Area, MethodInfo Method, LoggerMessageAttribute Message)[] Messages =
        [.. typeof(CheckpointingMetrics).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => (t, m, m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(x => x.Item3 is not null)
                .Select(x => (x.t, x.m, x.Item3!)))];

    [Fact]
    public void Every_event_id_is_unique_and_named_after_its_method()
    {
        Assert.True(Messages.Length >= 30, $"found only {Messages.Length} [LoggerMessage] methods");
        Assert.Equal(Messages.Length, Messages.Select(m => m.Message.EventId).Distinct().Count());
        Assert.All(Messages, m => Assert.Equal(m.Method.Name, m.Message.EventName));
    }

    [Fact]
    public void Each_area_owns_one_thousand_range()
    {
        var rangesByArea = Messages.GroupBy(m => m.Area).ToDictionary(g => g.Key, g => g.Select(m => m.Message.EventId / 1000).Distinct().ToArray());
        Assert.All(rangesByArea, area => Assert.True(area.Value.Length == 1, $"{area.Key.Name} spans ranges {string.Join(", ", area.Value)}xxx"));
        Assert.Equal(rangesByArea.Count, rangesByArea.Values.Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public void The_readme_lists_every_event_with_its_name_and_level()
    {
        var rows = File.ReadAllLines(Repository.PathOf("README.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();
        Assert.All(Messages, m =>
        {
            var row = rows.SingleOrDefault(r => r.StartsWith($"| {m.Message.EventId} | `{m.Message.EventName}` | ", StringComparison.Ordinal));
            Assert.True(row is not null, $"README.md has no row for event {m.Message.EventId} {m.Message.EventName}");
            var level = m.Message.Level == LogLevel.None ? "Debug" : m.Message.Level.ToString(); // a caller-chosen level names the ones used
            Assert.Contains(level, row, StringComparison.Ordinal);
        });
        Assert.Equal(Messages.Length, rows.Count(r => r.Length > 6 && char.IsAsciiDigit(r[2]) && r.Split('|')[1].Trim().Length == 4));
    }
}
