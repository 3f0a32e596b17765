using System.Diagnostics.Metrics;

namespace Checkpointing;

/// <summary>
/// The instruments the runtime reports under the meter <see cref="MeterName"/>, so OpenTelemetry (or any
/// <see cref="MeterListener"/>) picks them up: checkpoint duration and size, completed and failed checkpoints,
/// restarts, records emitted and the time the checkpoint lock was held.
/// </summary>
public static class CheckpointingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Checkpointing";

    /// <summary>The tag every measurement carries: the name of the job it belongs to.</summary>
    public const string JobTag = "job";

    /// <summary>The tag checkpoint measurements carry: <c>checkpoint</c> or <c>savepoint</c>.</summary>
    public const string KindTag = "kind";

    internal static readonly Meter Meter = new(MeterName, "1.0");

    internal static readonly Histogram<double> CheckpointDuration =
        Meter.CreateHistogram<double>("checkpointing.checkpoint.duration", "ms", "Time from trigger to durable metadata.");

    internal static readonly Histogram<long> CheckpointSize =
        Meter.CreateHistogram<long>("checkpointing.checkpoint.size", "By", "Bytes of state written by one checkpoint.");

    internal static readonly Counter<long> CheckpointsCompleted =
        Meter.CreateCounter<long>("checkpointing.checkpoints.completed", "{checkpoint}", "Checkpoints and savepoints completed.");

    internal static readonly Counter<long> CheckpointsFailed =
        Meter.CreateCounter<long>("checkpointing.checkpoints.failed", "{checkpoint}", "Checkpoints aborted (storage failure, timeout, failing job).");

    internal static readonly Counter<long> Restarts =
        Meter.CreateCounter<long>("checkpointing.job.restarts", "{restart}", "Job restarts after failures.");

    internal static readonly Counter<long> RecordsEmitted =
        Meter.CreateCounter<long>("checkpointing.records.emitted", "{record}", "Records emitted by sources (reported after each periodic checkpoint and at the end of each run).");

    internal static readonly Histogram<double> LockHeld =
        Meter.CreateHistogram<double>("checkpointing.checkpoint.lock_held", "us", "Time a subtask's checkpoint lock was held to snapshot its state.");

    internal static readonly Counter<long> TransactionsSkipped =
        Meter.CreateCounter<long>("checkpointing.transactions.skipped", "{transaction}", "Restored two-phase-commit transactions a sink reported as no longer committable and skipped.");

    internal static KeyValuePair<string, object?> Job(string jobName) => new(JobTag, jobName);

    internal static KeyValuePair<string, object?> Kind(bool savepoint) => new(KindTag, savepoint ? "savepoint" : "checkpoint");
}
