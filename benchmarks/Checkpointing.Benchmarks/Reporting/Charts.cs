using System.Globalization;
using ScottPlot;

namespace Checkpointing.Benchmarks.Reporting;

/// <summary>Draws docs/performance-*.png with ScottPlot: time against state size, both axes logarithmic.</summary>
public static class Charts
{
    public static void Draw(StoredResults results, string folder)
    {
        var rows = results.Benchmarks.Where(b => b.Class == "ScalingBenchmarks").ToList();
        if (rows.Count > 0)
        {
            var series = rows.Where(b => b.Method is "Checkpoint" or "Restore")
                .GroupBy(b => (b.Method, From: int.Parse(b.Param("Rescale").Split('→')[0], CultureInfo.InvariantCulture), Rescale: b.Param("Rescale")))
                .OrderBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.From)
                .Select(g => (g.Key.Method == "Checkpoint" ? $"checkpoint, p={g.Key.From}" : $"restore {g.Key.Rescale}",
                    Points: g.Select(b => (double.Parse(b.Param("Units"), CultureInfo.InvariantCulture), b.MeanNs / 1e6)).OrderBy(p => p.Item1).ToList()))
                .ToList();
            Save(series, "Checkpoint and restore time vs state size", "time (ms)", Path.Combine(folder, "performance-scaling.png"));
        }

        var pause = results.Benchmarks.Where(b => b.Class == "LockPauseBenchmarks").ToList();
        if (pause.Count > 0)
        {
            // The pause of every shape (both paths), and one serialization of the records as the yardstick.
            var series = pause.Where(b => b.Method == "LockHeld" || b.Method == "SerializeOnce" && b.Param("Shape") == "Records")
                .GroupBy(b => (b.Method, Shape: b.Param("Shape")))
                .OrderBy(g => g.Key.Method == "SerializeOnce" ? 1 : 0).ThenBy(g => g.Key.Shape, StringComparer.Ordinal)
                .Select(g => (g.Key.Method == "SerializeOnce"
                        ? $"serialize once (MessagePack), {Report.ShapeLabel(g.Key.Shape)}"
                        : $"pause, {Report.ShapeLabel(g.Key.Shape)} ({(Report.IsCopied(g.Key.Shape) ? "copied" : "serialized under the lock")})",
                    Points: g.Select(b => (double.Parse(b.Param("Units"), CultureInfo.InvariantCulture), b.MeanNs / 1e6)).OrderBy(p => p.Item1).ToList()))
                .ToList();
            Save(series, "Source pause per checkpoint vs state size (p=1)", "time (ms)", Path.Combine(folder, "performance-lock-pause.png"));
        }
    }

    private static void Save(List<(string Label, List<(double Units, double Ms)> Points)> series, string title, string yLabel, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var (label, points) in series)
        {
            var xs = points.Select(p => Math.Log10(p.Units)).ToArray();
            var ys = points.Select(p => Math.Log10(Math.Max(p.Ms, 1e-4))).ToArray();
            var scatter = plot.Add.Scatter(xs, ys, palette.GetColor(index++));
            scatter.LegendText = label;
            if (label.StartsWith("restore", StringComparison.Ordinal)) scatter.LinePattern = LinePattern.Dashed;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
        }
        static string Power(double exponent) => Math.Pow(10, exponent).ToString("#,0.####", CultureInfo.InvariantCulture);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Power,
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Power,
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plot.Title(title);
        plot.XLabel("state size (units)");
        plot.YLabel(yLabel + ", log scale");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 650);
        Console.WriteLine($"Wrote {path}");
    }
}
