using System.Text.RegularExpressions;
using Checkpointing.Package.Tests.Infrastructure;

namespace Checkpointing.Package.Tests.Readme;

/// <summary>The README's diagnostics table lists every released rule, with its severity and a link to its page.</summary>
public sealed class DiagnosticsTableTests
{
    private static readonly string[] ReleaseFiles =
    [
        "analyzers/Checkpointing.Analyzers/AnalyzerReleases.Shipped.md",
        "analyzers/Checkpointing.Analyzers/AnalyzerReleases.Unshipped.md",
        "generators/Checkpointing.Generators/AnalyzerReleases.Shipped.md",
        "generators/Checkpointing.Generators/AnalyzerReleases.Unshipped.md",
    ];

    public static TheoryData<string, string> Rules()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in ReleaseFiles)
            foreach (var line in File.ReadLines(Repository.PathOf(file.Split('/'))))
                if (Regex.Match(line, @"^(CKPT\d{3})\s*\|[^|]*\|\s*(\w+)\s*\|") is { Success: true } rule)
                    data.Add(rule.Groups[1].Value, rule.Groups[2].Value);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Readme_lists_the_rule_with_its_severity_and_page(string id, string severity)
    {
        var readme = File.ReadAllLines(Repository.PathOf("README.md"));
        var row = readme.SingleOrDefault(l => l.StartsWith($"| [{id}](docs/diagnostics/{id}.md) |", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md's diagnostics table has no row for {id}");
        Assert.Equal(severity, row!.Split('|')[2].Trim());
    }
}
