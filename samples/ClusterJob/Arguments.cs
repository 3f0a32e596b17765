using System.Globalization;

namespace ClusterSample;

/// <summary>A command line of <c>--name value</c> pairs; a bad one says which option and why.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> values;
    private readonly string mode;

    private Arguments(Dictionary<string, string> values, string mode)
    {
        this.values = values;
        this.mode = mode;
    }

    public static Arguments Parse(IReadOnlyList<string> args, string mode)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"ClusterJob {mode}: expected '--option value' at argument {i + 1} ('{args[i]}').");
            values[args[i]] = args[++i];
        }
        return new Arguments(values, mode);
    }

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"ClusterJob {mode}: option {name} is required.");

    public int Int(string name, int? fallback = null) => (int)Long(name, fallback);

    /// <summary>A duration in whole milliseconds; zero is allowed (no pause at all).</summary>
    public TimeSpan Milliseconds(string name, TimeSpan fallback)
    {
        if (!values.TryGetValue(name, out var text)) return fallback;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromMilliseconds(value)
            : throw new ArgumentException($"ClusterJob {mode}: option {name} must be zero or a positive whole number of milliseconds, not '{text}'.");
    }

    public long Long(string name, long? fallback = null)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback ?? throw new ArgumentException($"ClusterJob {mode}: option {name} is required.");
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"ClusterJob {mode}: option {name} must be a positive whole number, not '{text}'.");
    }
}
