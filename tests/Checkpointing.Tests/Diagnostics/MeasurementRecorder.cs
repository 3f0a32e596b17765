using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Checkpointing.Tests.Diagnostics;

/// <summary>One measurement of a Checkpointing instrument, with its tags.</summary>
internal sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Listens to the "Checkpointing" meter as OpenTelemetry would, keeping only the measurements tagged with one job's
/// name: the meter is static and other test classes run jobs in parallel.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();
    private readonly ConcurrentDictionary<string, string?> published = new();

    public MeasurementRecorder(string jobName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name != CheckpointingMetrics.MeterName) return;
            published[instrument.Name] = instrument.Unit;
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags, jobName));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags, jobName));
        listener.Start();
    }

    /// <summary>Instrument name → unit, for every instrument the meter published.</summary>
    public IReadOnlyDictionary<string, string?> Published => published;

    public IReadOnlyList<Measurement> Of(string instrument) => [.. measurements.Where(m => m.Instrument == instrument)];

    public double Sum(string instrument) => Of(instrument).Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string jobName)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags) dictionary[tag.Key] = tag.Value;
        if (dictionary.TryGetValue(CheckpointingMetrics.JobTag, out var job) && Equals(job, jobName))
            measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, dictionary));
    }
}
