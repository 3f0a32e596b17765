namespace Checkpointing.Orleans;

/// <summary>
/// The worker of one job on one silo (Flink's TaskExecutor), keyed by <see cref="WorkerKey"/> and placed on that silo:
/// each call is one <c>IWorker</c> call of the job's control, for one run (<see cref="RunId"/>); a call for another
/// run is refused.
/// </summary>
internal interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts run <paramref name="run"/> here: ends the run this worker had, creates the subtasks and restores them
    /// (<see cref="Workers.DeploymentCodec"/>). The subtasks end by themselves when <paramref name="coordinator"/>, the
    /// job grain's silo, leaves the cluster: nobody would checkpoint or stop them any more.
    /// </summary>
    Task DeployAsync(RunId run, string coordinator, int parallelism, byte[] deployments);

    /// <summary>This silo's <see cref="CheckpointingWorkerOptions.Weight"/>.</summary>
    Task<int> GetWeightAsync();

    Task OpenAsync(RunId run);

    Task StartAsync(RunId run);

    Task<SnapshotReply> SnapshotAsync(RunId run, long checkpointId, long timestamp, bool muteAfter);

    /// <summary>Writes the subtasks' state files of <paramref name="checkpointId"/> to <paramref name="location"/>; returns each file's bytes.</summary>
    Task<WrittenFile[]> WriteAsync(RunId run, long checkpointId, string location);

    Task NotifyCompleteAsync(RunId run, long checkpointId);

    Task NotifyAbortedAsync(RunId run, long checkpointId);

    Task UnmuteAsync(RunId run);

    /// <summary>Stops the sources; returns the records they emitted.</summary>
    Task<long> StopAsync(RunId run, TimeSpan timeout);

    /// <summary>Closes the functions; returns the records the sources emitted and what a function's failed close said.</summary>
    Task<CloseReply> CloseAsync(RunId run);
}

/// <summary>
/// One execution attempt of a job in the cluster: the job grain's activation (<paramref name="Generation"/>, increasing
/// across activations) and the attempt within it. A worker runs one at a time and refuses older ones, so a job grain
/// that reactivated elsewhere takes its workers over, and a call or event of an ended attempt changes nothing.
/// </summary>
[GenerateSerializer, Immutable]
internal readonly record struct RunId([property: Id(0)] long Generation, [property: Id(1)] int Attempt) : IComparable<RunId>
{
    /// <inheritdoc />
    public int CompareTo(RunId other) => Generation != other.Generation ? Generation.CompareTo(other.Generation) : Attempt.CompareTo(other.Attempt);

    /// <inheritdoc />
    public override string ToString() => $"{Attempt} (generation {Generation})";
}

/// <summary>How long each subtask's lock was held for a snapshot, and the records the worker's sources emitted so far.</summary>
[GenerateSerializer, Immutable]
internal sealed record SnapshotReply([property: Id(0)] TimeSpan[] LockHeld, [property: Id(1)] long RecordsEmitted);

/// <summary>The records a worker's sources emitted, and the first function close that failed (<see cref="OperatorCloseException"/>'s message), if any.</summary>
[GenerateSerializer, Immutable]
internal sealed record CloseReply([property: Id(0)] long RecordsEmitted, [property: Id(1)] string? Failure);

/// <summary>One state file a worker wrote, with its bytes: the job's control keeps the state for restarts, as in one process.</summary>
[GenerateSerializer, Immutable]
internal sealed record WrittenFile([property: Id(0)] int Source, [property: Id(1)] int Index, [property: Id(2)] byte[] Bytes);

/// <summary>The key of a job's worker grain on a silo: <c>{job}@{silo}</c> (job names have no <c>@</c>; silo addresses do); the silo part is what places it (<see cref="Placement.SiloTargetedPlacementDirector"/>).</summary>
internal static class WorkerKey
{
    public static string Of(string jobName, SiloAddress silo) => $"{jobName}@{silo.ToParsableString()}";

    public static (string JobName, SiloAddress Silo) Parse(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) throw new ArgumentException($"'{key}' is not a worker key ({{job}}@{{silo}}).", nameof(key));
        return (key[..at], SiloAddress.FromParsableString(key[(at + 1)..]));
    }
}
