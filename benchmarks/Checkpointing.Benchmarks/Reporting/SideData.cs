using System.Text.Json;

namespace Checkpointing.Benchmarks.Reporting;

/// <summary>
/// Measurements BenchmarkDotNet does not collect, written by benchmark processes and read by the host when it writes
/// the report: one JSON object per line, per topic.
/// </summary>
public static class SideData
{
    public sealed record Entry(string Benchmark, string Parameters, string Name, double Value, string Unit);

    public static void Record(string topic, string benchmark, string parameters, string name, double value, string unit)
    {
        try
        {
            Directory.CreateDirectory(Settings.SidePath);
            var line = JsonSerializer.Serialize(new Entry(benchmark, parameters, name, value, unit), SideJson.Default.Entry);
            File.AppendAllLines(Path.Combine(Settings.SidePath, topic + ".jsonl"), [line]);
        }
        catch (IOException)
        {
            // Side data is a bonus for the report; never fail a benchmark over it.
        }
    }

    public static IReadOnlyList<Entry> Read(string topic)
    {
        var file = Path.Combine(Settings.SidePath, topic + ".jsonl");
        if (!File.Exists(file)) return [];
        return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize(l, SideJson.Default.Entry)!)];
    }

    /// <summary>The topics with data from this run.</summary>
    public static HashSet<string> Topics() =>
        Directory.Exists(Settings.SidePath)
            ? [.. Directory.GetFiles(Settings.SidePath, "*.jsonl").Select(f => Path.GetFileNameWithoutExtension(f))]
            : [];

    public static void Clear()
    {
        if (Directory.Exists(Settings.SidePath)) Directory.Delete(Settings.SidePath, recursive: true);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SideData.Entry))]
internal sealed partial class SideJson : System.Text.Json.Serialization.JsonSerializerContext;
