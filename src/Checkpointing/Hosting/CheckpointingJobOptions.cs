namespace Checkpointing;

/// <summary>How a job hosted by <see cref="CheckpointingServiceCollectionExtensions.AddCheckpointingJob(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{StreamExecutionEnvironment, IServiceProvider}, Action{CheckpointingJobOptions}?)"/> starts and stops with its host.</summary>
public sealed class CheckpointingJobOptions
{
    /// <summary>
    /// When the host stops, stop the job with a savepoint in <see cref="SavepointDirectory"/> (Flink's
    /// <c>stop --savepoint</c>), so nothing emitted after it is passed on and the next start continues exactly there.
    /// When false, or when the savepoint cannot be taken within the host's shutdown timeout, the job is cancelled
    /// and the next start resumes from its latest checkpoint instead. Default: true.
    /// </summary>
    public bool StopWithSavepointOnShutdown { get; set; } = true;

    /// <summary>Where shutdown savepoints go (each in a new folder) and where <see cref="RestoreOnStart"/> looks for them. Default: "savepoints".</summary>
    public string SavepointDirectory { get; set; } = "savepoints";

    /// <summary>
    /// On start, restore from whichever is newer: the job's latest savepoint in <see cref="SavepointDirectory"/> or its
    /// latest complete checkpoint in the environment's storage. Nothing found: the job starts fresh. Default: true.
    /// The environment's own <c>RestoreFrom</c>, set in the configure callback, takes precedence.
    /// </summary>
    public bool RestoreOnStart { get; set; } = true;

    /// <summary>
    /// When the job has stored savepoints or checkpoints but none of them loads (all damaged), start fresh anyway,
    /// logged as a warning. Default: false, so the host fails to start with a <see cref="CheckpointRestoreException"/>
    /// that lists each one and why, instead of emitting again what they recorded as done.
    /// </summary>
    public bool StartFreshIfNoneLoads { get; set; }

    /// <summary>When the job ends by itself (its sources finished, or it failed beyond its restart strategy), stop the host. Default: true.</summary>
    public bool StopHostWhenJobEnds { get; set; } = true;
}
