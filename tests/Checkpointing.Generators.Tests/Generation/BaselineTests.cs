using System.Runtime.CompilerServices;
using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// Generated output is compared with plain baseline files (Generation/Baselines/&lt;case&gt;/&lt;hint&gt;.txt). Set
/// CHECKPOINTING_UPDATE_BASELINES=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public class BaselineTests
{
    [Theory]
    [MemberData(nameof(BaselineCases.All), MemberType = typeof(BaselineCases))]
    public void Generated_code_matches_its_baseline(string name, string source)
    {
        var (_, result) = GeneratorRun.Run(source);
        var generated = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(generated);

        var directory = Path.Combine(BaselineDirectory(), name);
        if (Environment.GetEnvironmentVariable("CHECKPOINTING_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(directory);
            foreach (var file in Directory.GetFiles(directory)) File.Delete(file);
            foreach (var g in generated) File.WriteAllText(Path.Combine(directory, g.HintName + ".txt"), g.SourceText.ToString());
        }

        var expectedFiles = Directory.GetFiles(directory, "*.txt").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(expectedFiles, generated.Select(g => g.HintName + ".txt").Order());
        foreach (var g in generated)
        {
            var expected = File.ReadAllText(Path.Combine(directory, g.HintName + ".txt")).ReplaceLineEndings("\n");
            Assert.Equal(expected, g.SourceText.ToString().ReplaceLineEndings("\n"));
        }
    }

    private static string BaselineDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Baselines");
}
