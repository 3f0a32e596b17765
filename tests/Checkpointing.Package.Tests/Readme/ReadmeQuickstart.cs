namespace Checkpointing.Package.Tests.Readme;

/// <summary>Finds the README's quickstart: the C# block between the quickstart markers, which users copy as it is.</summary>
internal static class ReadmeQuickstart
{
    public const string Begin = "<!-- quickstart:begin -->";
    public const string End = "<!-- quickstart:end -->";

    public static string Extract(string readme)
    {
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin) throw new InvalidOperationException($"README.md has no {Begin} … {End} section.");
        var lines = readme[(begin + Begin.Length)..end].Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var open = lines.FindIndex(l => l.StartsWith("```csharp", StringComparison.Ordinal));
        var close = lines.FindLastIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        if (open < 0 || close <= open) throw new InvalidOperationException("The quickstart section holds no ```csharp block.");
        return string.Join('\n', lines[(open + 1)..close]) + "\n";
    }
}
