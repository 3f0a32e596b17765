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

    /// <summary>The tag of <see cref="Instruments.RestoreBytes"/>: the worker's position among the attempt's workers (0, 1, …; on a cluster, silos in address order).</summary>
    public const string WorkerTag = "worker";

    /// <summary>The name of every instrument, for listeners, dashboards and alerts (the README's metrics table says what each measures).</summary>
    public static class Instruments
    {
        /// <summary><c>checkpointing.checkpoint.duration</c></summary>
        public const string CheckpointDuration = "checkpointing.checkpoint.duration";

        /// <summary><c>checkpointing.checkpoint.size</c></summary>
        public const string CheckpointSize = "checkpointing.checkpoint.size";

        /// <summary><c>checkpointing.checkpoints.completed</c></summary>
        public const string CheckpointsCompleted = "checkpointing.checkpoints.completed";

        /// <summary><c>checkpointing.checkpoints.failed</c></summary>
        public const string CheckpointsFailed = "checkpointing.checkpoints.failed";

        /// <summary><c>checkpointing.job.restarts</c></summary>
        public const string Restarts = "checkpointing.job.restarts";

        /// <summary><c>checkpointing.records.emitted</c></summary>
        public const string RecordsEmitted = "checkpointing.records.emitted";

        /// <summary><c>checkpointing.checkpoint.lock_held</c></summary>
        public const string LockHeld = "checkpointing.checkpoint.lock_held";

        /// <summary><c>checkpointing.transactions.skipped</c></summary>
        public const string TransactionsSkipped = "checkpointing.transactions.skipped";

        /// <summary><c>checkpointing.restore.bytes</c></summary>
        public const string RestoreBytes = "checkpointing.restore.bytes";
    }

    internal static readonly Meter Meter = new(MeterName, "1.0");

    internal static readonly Histogram<double> CheckpointDuration =
        Meter.CreateHistogram<double>(Instruments.CheckpointDuration, "ms", "Time from trigger to durable metadata.");

    internal static readonly Histogram<long> CheckpointSize =
        Meter.CreateHistogram<long>(Instruments.CheckpointSize, "By", "Bytes of state written by one checkpoint.");

    internal static readonly Counter<long> CheckpointsCompleted =
        Meter.CreateCounter<long>(Instruments.CheckpointsCompleted, "{checkpoint}", "Checkpoints and savepoints completed.");

    internal static readonly Counter<long> CheckpointsFailed =
        Meter.CreateCounter<long>(Instruments.CheckpointsFailed, "{checkpoint}", "Checkpoints aborted (storage failure, timeout, failing job).");

    internal static readonly Counter<long> Restarts =
        Meter.CreateCounter<long>(Instruments.Restarts, "{restart}", "Job restarts after failures.");

    internal static readonly Counter<long> RecordsEmitted =
        Meter.CreateCounter<long>(Instruments.RecordsEmitted, "{record}", "Records emitted by sources (reported after each periodic checkpoint and at the end of each run).");

    internal static readonly Histogram<double> LockHeld =
        Meter.CreateHistogram<double>(Instruments.LockHeld, "us", "Time a subtask's checkpoint lock was held to snapshot its state.");

    internal static readonly Counter<long> TransactionsSkipped =
        Meter.CreateCounter<long>(Instruments.TransactionsSkipped, "{transaction}", "Restored two-phase-commit transactions a sink reported as no longer committable and skipped.");

    internal static readonly Histogram<long> RestoreBytes =
        Meter.CreateHistogram<long>(Instruments.RestoreBytes, "By", "Bytes of restored state one worker received for its subtasks: their share of the checkpoint, never all of it.");

    internal static KeyValuePair<string, object?> Job(string jobName) => new(JobTag, jobName);

    internal static KeyValuePair<string, object?> Kind(bool savepoint) => new(KindTag, savepoint ? "savepoint" : "checkpoint");
}
