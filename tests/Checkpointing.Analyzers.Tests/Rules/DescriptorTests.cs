using Checkpointing.Analyzers.Analysis;

namespace Checkpointing.Analyzers.Tests.Rules;

/// <summary>Every rule has a title, a message, a help link that resolves to a page in docs/diagnostics, and a release-tracking line.</summary>
public sealed class DescriptorTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var d in new CheckpointLockAnalyzer().SupportedDiagnostics) data.Add(d.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_is_documented_and_tracked(string id)
    {
        var descriptor = new CheckpointLockAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.Equal($"https://github.com/checkpointing/checkpointing/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        var root = RepositoryRoot();
        var page = Path.Combine(root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), page);
        Assert.StartsWith($"# {id}:", File.ReadAllText(page), StringComparison.Ordinal);

        var unshipped = File.ReadAllText(Path.Combine(root, "analyzers", "Checkpointing.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | Checkpointing | {descriptor.DefaultSeverity}", unshipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_lock_rule_says_why_it_exists() =>
        Assert.All(new CheckpointLockAnalyzer().SupportedDiagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id));

    /// <summary>The shared id list (analyzers/Shared/Diagnostics/DiagnosticIds.cs) and the docs pages name the same rules.</summary>
    [Fact]
    public void Every_shared_id_has_a_page_and_every_page_an_id()
    {
        var ids = typeof(Checkpointing.Diagnostics.DiagnosticIds).GetFields()
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.StartsWith("CKPT", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "CKPT*.md")
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(14, ids.Length);
        Assert.Equal(pages, ids);
    }

    [Fact]
    public void CKPT001_is_a_warning_by_default() =>
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
            new CheckpointLockAnalyzer().SupportedDiagnostics.Single(d => d.Id == "CKPT001").DefaultSeverity);
}
