using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Checkpointing.Benchmarks.Reporting;

namespace Checkpointing.Benchmarks;

/// <summary>
/// Benchmark 6 — build cost. Writes a project of N source classes three ways: with the package (runtime, generator
/// and analyzers, wired by eng/UseCheckpointingAnalyzers.props), without it (the same classes with plain fields and a
/// local ISourceContext) and referencing only the runtime; rebuilds each, alternating, on a warm compiler server, and
/// reads the compiler's own generator and analyzer times from one more build with <c>-p:ReportAnalyzer=true</c>.
/// </summary>
public static partial class BuildCost
{
    // UseSharedCompilation=true: the compiler server a developer's builds use. Without it (an environment can turn it
    // off, as this machine's does) every build starts a cold csc, whose JIT of the compiler, the generator and the
    // analyzers then dominates both sides of the comparison and swings it by seconds.
    private const string Rebuild = "dotnet build -c Release --no-restore -t:Rebuild -p:BuildProjectReferences=false -p:UseSharedCompilation=true";
    public const string Command = Rebuild + " -v:q";

    // The generator's and analyzers' own times come from one more build with ReportAnalyzer, not from the timed ones:
    // timing every analyzer and logging in detail slows the build it measures (by seconds here).
    public const string ReportCommand = Rebuild + " -p:ReportAnalyzer=true -v:detailed";

    public static BuildCostResult? Run(bool dry)
    {
        var classes = dry ? 5 : 200;
        var repetitions = dry ? 1 : 5;
        var root = Path.Combine(Path.GetTempPath(), "checkpointing-buildcost");
        Settings.DeleteScratch(root);
        var with = Path.Combine(root, "with-package");
        var without = Path.Combine(root, "without-package");
        var runtimeOnly = Path.Combine(root, "runtime-only");
        WriteProject(with, classes, package: true);
        WriteProject(without, classes, package: false);
        WriteProject(runtimeOnly, classes, package: true, runtimeOnly: true);
        Console.WriteLine($"Build cost: {classes} classes, {repetitions} rebuild(s) each way, in {root}");

        // Restore and build once (references included), so the timed rebuilds compile only the project itself.
        foreach (var project in new[] { with, without, runtimeOnly })
        {
            var warm = Build(project, "build -c Release -p:UseSharedCompilation=true -v:q");
            if (warm.ExitCode != 0)
            {
                Console.Error.WriteLine($"Build cost: the warm-up build of {project} failed:\n{Tail(warm.Output)}");
                return null;
            }
        }

        var withTimes = new List<double>();
        var withoutTimes = new List<double>();
        var runtimeOnlyTimes = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            // Alternate, so drifting machine load hits both sides alike.
            var a = Build(without, Command["dotnet ".Length..]);
            var c = Build(runtimeOnly, Command["dotnet ".Length..]);
            var b = Build(with, Command["dotnet ".Length..]);
            if (a.ExitCode != 0 || b.ExitCode != 0 || c.ExitCode != 0)
            {
                Console.Error.WriteLine($"Build cost: a timed rebuild failed:\n{Tail(a.ExitCode != 0 ? a.Output : c.ExitCode != 0 ? c.Output : b.Output)}");
                return null;
            }
            withoutTimes.Add(a.Ms);
            runtimeOnlyTimes.Add(c.Ms);
            withTimes.Add(b.Ms);
            Console.WriteLine($"Build cost: rebuild {i + 1}: without {a.Ms:F0} ms, runtime only {c.Ms:F0} ms, with {b.Ms:F0} ms");
        }
        var report = Build(with, ReportCommand["dotnet ".Length..]);
        if (report.ExitCode != 0)
        {
            Console.Error.WriteLine($"Build cost: the ReportAnalyzer build failed:\n{Tail(report.Output)}");
            return null;
        }
        var components = ParseReport(report.Output);
        var generatorMs = components.Where(c => c.Kind == "generator" && c.Name.StartsWith("Checkpointing.", StringComparison.Ordinal)).Sum(c => c.Ms);
        var analyzersMs = components.Where(c => c.Kind == "analyzer" && c.Name.StartsWith("Checkpointing.", StringComparison.Ordinal)).Sum(c => c.Ms);
        var result = new BuildCostResult(classes, repetitions, Median(withTimes), Median(withoutTimes),
            generatorMs, analyzersMs, components, $"`{Command}` (timed), `{ReportCommand}` (generator and analyzer times)", Median(runtimeOnlyTimes));
        Console.WriteLine($"Build cost: with {result.WithPackageMs:F0} ms, without {result.WithoutPackageMs:F0} ms; Checkpointing generator {generatorMs:F0} ms, Checkpointing analyzers {analyzersMs:F0} ms");
        if (components.Count == 0)
        {
            Console.Error.WriteLine("Build cost: the compiler printed no ReportAnalyzer table.\n" + Tail(report.Output));
            return null;
        }
        if (!dry) Settings.DeleteScratch(root);
        return result;
    }

    /// <summary>
    /// Reads csc's ReportAnalyzer tables: "Total analyzer execution time: X seconds." and "Total generator execution
    /// time: …", each followed by rows "time  percent  name"; assembly rows carry "Version=".
    /// </summary>
    public static List<BuildCostResult.Component> ParseReport(string output)
    {
        var components = new Dictionary<(string Kind, string Name), double>();
        string? kind = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Contains("Total analyzer execution time", StringComparison.Ordinal)) { kind = "analyzer"; Total(line, "(all analyzers)"); continue; }
            if (line.Contains("Total generator execution time", StringComparison.Ordinal)) { kind = "generator"; Total(line, "(all generators)"); continue; }
            if (kind is null) continue;
            var match = Row().Match(line);
            if (!match.Success)
            {
                if (line.Length > 0 && !line.StartsWith("Time (s)", StringComparison.Ordinal)) kind = null;
                continue;
            }
            var name = match.Groups[3].Value;
            if (!name.Contains("Version=", StringComparison.Ordinal)) continue; // per-analyzer rows: the assembly row sums them
            name = name.Split(',')[0];
            var ms = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000;
            // A project's analyzers run once per build; keep the largest if the table repeats (e.g. two target frameworks).
            components[(kind, name)] = Math.Max(ms, components.GetValueOrDefault((kind, name)));
        }
        return [.. components.Select(c => new BuildCostResult.Component(c.Key.Kind, c.Key.Name, c.Value))];

        void Total(string line, string name)
        {
            var seconds = TotalTime().Match(line);
            if (seconds.Success)
                components[(kind!, name)] = double.Parse(seconds.Groups[1].Value, CultureInfo.InvariantCulture) * 1000;
        }
    }

    [GeneratedRegex(@"^<?(\d+(?:\.\d+)?)\s+(\d+|<1)\s+(.+)$")]
    private static partial Regex Row();

    [GeneratedRegex(@"time: (\d+(?:\.\d+)?) seconds")]
    private static partial Regex TotalTime();

    private static (int ExitCode, double Ms, string Output) Build(string project, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        return (process.ExitCode, clock.Elapsed.TotalMilliseconds, stdout + stderr.GetAwaiter().GetResult());
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));

    /// <summary>
    /// <paramref name="runtimeOnly"/>: the package's source, referencing only the runtime (no generator, no analyzers):
    /// the [Checkpointed] classes then compile as plain partial classes, which separates the cost of referencing the
    /// runtime from the cost of the generator, the analyzers and compiling the generated code.
    /// </summary>
    private static void WriteProject(string folder, int classes, bool package, bool runtimeOnly = false)
    {
        Directory.CreateDirectory(folder);
        var props = Path.Combine(Settings.RepositoryRoot, "eng", "UseCheckpointingAnalyzers.props");
        var runtime = Path.Combine(Settings.RepositoryRoot, "src", "Checkpointing", "Checkpointing.csproj");
        File.WriteAllText(Path.Combine(folder, "BuildCost.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
            {(runtimeOnly ? $"  <ItemGroup><ProjectReference Include=\"{runtime}\" /></ItemGroup>" : package ? $"  <Import Project=\"{props}\" />" : "")}
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
              </PropertyGroup>
            </Project>
            """);
        if (!package)
        {
            File.WriteAllText(Path.Combine(folder, "Context.cs"), """
                namespace BuildCost;

                public interface ISourceContext<T>
                {
                    object CheckpointLock { get; }
                    void Collect(T element);
                }
                """);
        }
        for (var i = 0; i < classes; i++)
        {
            var text = new StringBuilder();
            text.AppendLine(package ? "using Checkpointing;\n" : "");
            text.AppendLine("namespace BuildCost;");
            text.AppendLine();
            text.AppendLine($"public sealed record Item{i}(long Id, string Name, double Weight);");
            text.AppendLine();
            text.AppendLine(package
                ? $"public sealed partial class Source{i} : RichParallelSourceFunction<long>"
                : $"public sealed class Source{i}");
            text.AppendLine("{");
            var attr = package ? "[Checkpointed] " : "";
            text.AppendLine($"    {attr}private long offset;");
            text.AppendLine($"    {attr}private List<string> names = [];");
            text.AppendLine($"    {attr}private Dictionary<string, long> counts = [];");
            text.AppendLine($"    {attr}private List<Item{i}> items = [];");
            text.AppendLine("    private volatile bool running = true;");
            text.AppendLine();
            text.AppendLine($"    public {(package ? "override " : "")}void Run(ISourceContext<long> ctx)");
            text.AppendLine("""
                    {
                        var gate = ctx.CheckpointLock;
                        while (running)
                        {
                            lock (gate)
                            {
                                if (offset >= 1000) return;
                                ctx.Collect(offset);
                                offset++;
                                names.Add("n" + offset);
                                counts["c" + (offset % 10)] = offset;
                """);
            text.AppendLine($"                items.Add(new Item{i}(offset, \"x\", offset * 0.5));");
            text.AppendLine("""
                            }
                        }
                    }
                """);
            text.AppendLine();
            text.AppendLine($"    public {(package ? "override " : "")}void Cancel() => running = false;");
            text.AppendLine("}");
            File.WriteAllText(Path.Combine(folder, $"Source{i}.cs"), text.ToString());
        }
    }
}
