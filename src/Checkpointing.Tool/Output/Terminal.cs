using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Checkpointing.Tool.Output;

/// <summary>Where a command writes: tables and trees for people, indented JSON with a fixed shape for scripts.</summary>
internal static class Terminal
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A console over <paramref name="output"/>; when it is not a terminal, plain text at a width wide enough for the tables.</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var redirected = !ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = 160;
        return console;
    }

    public static void WriteJson(TextWriter output, JsonNode node) => output.WriteLine(node.ToJsonString(Indented));

    /// <summary>A byte count as people read it: 812 B, 14.2 KiB, 3.1 MiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 unit", "12 units".</summary>
    public static string Units(long count) => Counted(count, "unit");

    /// <summary>"1 operator", "3 files": a count with its noun, plural unless one.</summary>
    public static string Counted(long count, string noun) => count == 1 ? "1 " + noun : Count(count) + " " + noun + "s";

    public static string Kind(bool isSavepoint) => isSavepoint ? "savepoint" : "checkpoint";

    /// <summary>Text that Spectre's markup must show as it is.</summary>
    public static string Escape(string text) => Markup.Escape(text);
}
