using System.Diagnostics.Metrics;

namespace Checkpointing.Benchmarks.State;

/// <summary>Collects the runtime's <c>checkpointing.checkpoint.lock_held</c> histogram (µs per subtask snapshot).</summary>
internal sealed class LockHeldListener : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<double> samples = [];

    public LockHeldListener()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CheckpointingMetrics.MeterName && instrument.Name == CheckpointingMetrics.Instruments.LockHeld)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, microseconds, _, _) =>
        {
            lock (samples) samples.Add(microseconds);
        });
        listener.Start();
    }

    /// <summary>The median sample, or null when none was recorded.</summary>
    public double? Median()
    {
        lock (samples)
        {
            if (samples.Count == 0) return null;
            var sorted = samples.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }

    public double? Max()
    {
        lock (samples) return samples.Count == 0 ? null : samples.Max();
    }

    public void Dispose() => listener.Dispose();
}
