using System.Diagnostics.Metrics;
using Checkpointing;

namespace CounterSample;

/// <summary>Listens to the runtime's lock-held histogram: how long checkpoints paused the sources.</summary>
public sealed class LockPauseMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<double> samples = [];

    public LockPauseMeter()
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

    public string Summary()
    {
        lock (samples)
        {
            if (samples.Count == 0) return "no snapshots";
            var sorted = samples.Order().ToList();
            // The first snapshot of a process includes JIT compilation of the snapshot path; the median shows the steady state.
            return $"{sorted.Count} subtask snapshots, lock held {sorted[sorted.Count / 2]:F1} µs median, {sorted[^1]:F1} µs at most";
        }
    }

    public void Dispose() => listener.Dispose();
}
