using System.Text.Json;
using System.Text.RegularExpressions;

namespace Checkpointing.Package.Tests.Packaging;

/// <summary>
/// A fresh project that references only the package: the generator runs in its build, the analyzers report what an
/// IDE would show, and the result runs.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests(PackedConsumer package)
{
    [Fact]
    public void Consumer_builds_from_the_local_package()
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
    }

    [Fact]
    public void Generator_makes_the_checkpointed_class_an_ICheckpointedFunction_whose_state_round_trips()
    {
        var output = Run();
        Assert.Contains("IMPLEMENTS True", output);
        // Each subtask gets back the offset it had: 41 and 7 went through snapshot bytes and were restored.
        Assert.Contains("ROUNDTRIP 41,7", output);
    }

    [Fact]
    public void Runtime_from_the_package_runs_a_job_to_its_final_checkpoint()
    {
        // Two subtasks each emit 0..99 once: 2 * 4950.
        Assert.Contains("JOB Finished sum 9900 checkpoint taken", Run());
    }

    [Fact]
    public void Unlocked_write_is_a_CKPT001_build_warning_on_its_line()
    {
        var line = LineOf("UnlockedCounter.cs", "// UNLOCKED-WRITE");
        var warnings = BuildLines().Where(l => l.Contains("warning CKPT001", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, l => l.Contains($"UnlockedCounter.cs({line},", StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.Contains("'offset'", StringComparison.Ordinal) && l.Contains("docs/diagnostics/CKPT001.md", StringComparison.Ordinal));
        // The correctly locked Counter is not reported.
        Assert.DoesNotContain(BuildLines(), l => l.Contains("Counter.cs(", StringComparison.Ordinal) && !l.Contains("UnlockedCounter.cs(", StringComparison.Ordinal) && l.Contains("warning CKPT", StringComparison.Ordinal));
    }

    [Fact]
    public void CKPT001_carries_its_help_link_to_the_diagnostics_docs()
    {
        // The compiler's SARIF log holds the rule metadata an IDE shows: severity, title, help link.
        var sarifPath = Path.Combine(package.ConsumerDirectory, "diagnostics.sarif");
        Assert.True(File.Exists(sarifPath), package.Build?.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == "CKPT001");
        Assert.EndsWith("docs/diagnostics/CKPT001.md", rule.GetProperty("helpUri").GetString());
        var result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "CKPT001");
        Assert.Equal("warning", result.GetProperty("level").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("UnlockedCounter.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(LineOf("UnlockedCounter.cs", "// UNLOCKED-WRITE"), location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Generated_code_raises_no_compiler_warning_in_the_users_project()
    {
        // Nullable is on in the consumers; a generated file that warned would break builds with TreatWarningsAsErrors.
        Assert.DoesNotContain(BuildLines(), l => Regex.IsMatch(l, @"warning CS\d{4}"));
    }

    [Fact]
    public void A_current_compiler_raises_no_compiler_version_warning()
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
        Assert.DoesNotContain("CKPTSDK001", package.Build!.Output);
    }

    private string Run()
    {
        Assert.True(package.ConsumerRun is { ExitCode: 0 }, package.ConsumerRun?.ToString() ?? package.Build?.ToString() ?? package.Pack.ToString());
        return package.ConsumerRun!.Output;
    }

    private IEnumerable<string> BuildLines()
    {
        Assert.True(package.Build?.ExitCode == 0, package.Build?.ToString() ?? package.Pack.ToString());
        return package.Build!.Output.Split('\n');
    }

    private int LineOf(string file, string marker) =>
        File.ReadAllLines(Path.Combine(package.ConsumerDirectory, file)).ToList().FindIndex(l => l.Contains(marker, StringComparison.Ordinal)) + 1;
}
