namespace Checkpointing.Package.Tests.Readme;

/// <summary>Finds the README's examples: each is the C# block between its markers, which users copy as it is.</summary>
internal static class ReadmeQuickstart
{
    /// <summary>The quickstart: top-level statements, then the CounterSource class.</summary>
    public static string Extract(string readme) => Extract(readme, "quickstart");

    /// <summary>The hosting example's Program.cs.</summary>
    public static string ExtractHosting(string readme) => Extract(readme, "hosting");

    /// <summary>The quickstart's CounterSource class alone, which the hosting example uses.</summary>
    public static string CounterSourceOf(string quickstart)
    {
        var start = quickstart.IndexOf("public sealed partial class CounterSource", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("The quickstart declares no CounterSource class.");
        return "using Checkpointing;\n\n" + quickstart[start..];
    }

    private static string Extract(string readme, string name)
    {
        string beginMarker = $"<!-- {name}:begin -->", endMarker = $"<!-- {name}:end -->";
        var begin = readme.IndexOf(beginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(endMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin) throw new InvalidOperationException($"README.md has no {beginMarker} … {endMarker} section.");
        var lines = readme[(begin + beginMarker.Length)..end].Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var open = lines.FindIndex(l => l.StartsWith("```csharp", StringComparison.Ordinal));
        var close = lines.FindLastIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        if (open < 0 || close <= open) throw new InvalidOperationException($"The {name} section holds no ```csharp block.");
        return string.Join('\n', lines[(open + 1)..close]) + "\n";
    }
}
