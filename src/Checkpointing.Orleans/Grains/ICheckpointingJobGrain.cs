namespace Checkpointing.Orleans;

/// <summary>
/// A job in the cluster (Flink's JobManager), keyed by the job's name: runs the job's control — restore planning,
/// placement, checkpoints, restarts — over one worker per live silo. The job must be registered on every silo with
/// <see cref="CheckpointingSiloBuilderExtensions.AddCheckpointingJob"/>.
/// </summary>
public interface ICheckpointingJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job if it does not run yet; a job that runs already is left alone.</summary>
    Task StartAsync();

    /// <summary>Where the job is: running, or how it ended.</summary>
    Task<ClusterJobStatus> GetStatusAsync();

    /// <summary>Takes a savepoint into a new folder inside <paramref name="directory"/> and returns its path; the job keeps running.</summary>
    Task<string> TriggerSavepointAsync(string directory);

    /// <summary>Takes a savepoint into a new folder inside <paramref name="directory"/>, stops the job exactly after it, and returns its path.</summary>
    Task<string> StopWithSavepointAsync(string directory);

    /// <summary>
    /// Rescales the running job to <paramref name="parallelism"/>: stops it with a savepoint in a new folder inside
    /// <paramref name="savepointDirectory"/> and starts it again from that savepoint at the new parallelism (state
    /// redistributed as on any restore); returns the savepoint's path. A later resume after the job grain moved takes
    /// the parallelism of the job's definition again. Refused for a job registered with a <see cref="ClusterScaling"/>
    /// that follows the silos: it rescales by itself. One rescale at a time; a second waits for the first.
    /// </summary>
    Task<string> RescaleAsync(int parallelism, string savepointDirectory);

    /// <summary>Cancels the job (no final checkpoint) and waits until it has ended.</summary>
    Task CancelAsync();

    /// <summary>The silo this job grain runs on (<see cref="SiloAddress.ToParsableString"/>).</summary>
    Task<string> GetSiloAsync();
}

/// <summary>
/// Where a cluster job is: not started (by this activation of its grain), running, or ended — how in
/// <paramref name="Ended"/>, or <paramref name="Failure"/> when it failed beyond its restart strategy; its restarts so
/// far, its latest completed checkpoint, and the silos its current or last attempt ran on.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterJobStatus(
    [property: Id(0)] ClusterJobState State,
    [property: Id(1)] JobStatus? Ended,
    [property: Id(2)] int Restarts,
    [property: Id(3)] long LatestCheckpointId,
    [property: Id(4)] string? Failure,
    [property: Id(5)] IReadOnlyList<WorkerPlacement> Workers)
{
    /// <summary>The savepoint a job stopped with (<see cref="JobStatus.Stopped"/>), else null.</summary>
    [Id(6)]
    public string? SavepointPath { get; init; }
}

/// <summary>The states of a <see cref="ClusterJobStatus"/>.</summary>
public enum ClusterJobState
{
    /// <summary>This activation of the job grain has not started the job (a resume may still be on its way).</summary>
    NotStarted,

    /// <summary>The job runs.</summary>
    Running,

    /// <summary>The job ended.</summary>
    Ended,
}

/// <summary>A silo (<see cref="SiloAddress.ToParsableString"/>) and how many subtasks of the job's attempt it runs.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerPlacement([property: Id(0)] string Silo, [property: Id(1)] int Subtasks);
