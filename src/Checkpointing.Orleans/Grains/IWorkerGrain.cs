namespace Checkpointing.Orleans;

/// <summary>
/// The worker of one job on one silo (Flink's TaskExecutor), keyed by <see cref="WorkerKey"/> and placed on that silo:
/// each call is one <c>IWorker</c> call of the job's control, for one attempt (a call for another attempt is refused).
/// </summary>
internal interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts attempt <paramref name="attempt"/> here: creates the subtasks and restores them (<see cref="Workers.DeploymentCodec"/>).</summary>
    Task DeployAsync(int attempt, int parallelism, byte[] deployments);

    Task OpenAsync(int attempt);

    Task StartAsync(int attempt);

    Task<SnapshotReply> SnapshotAsync(int attempt, long checkpointId, long timestamp, bool muteAfter);

    /// <summary>Writes the subtasks' state files of <paramref name="checkpointId"/> to <paramref name="location"/>; returns each file's bytes.</summary>
    Task<WrittenFile[]> WriteAsync(int attempt, long checkpointId, string location);

    Task NotifyCompleteAsync(int attempt, long checkpointId);

    Task NotifyAbortedAsync(int attempt, long checkpointId);

    Task UnmuteAsync(int attempt);

    /// <summary>Stops the sources; returns the records they emitted.</summary>
    Task<long> StopAsync(int attempt, TimeSpan timeout);

    /// <summary>Closes the functions; returns the records the sources emitted.</summary>
    Task<long> CloseAsync(int attempt);
}

/// <summary>How long each subtask's lock was held for a snapshot, and the records the worker's sources emitted so far.</summary>
[GenerateSerializer, Immutable]
internal sealed record SnapshotReply([property: Id(0)] TimeSpan[] LockHeld, [property: Id(1)] long RecordsEmitted);

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
