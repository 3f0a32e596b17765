namespace Checkpointing.Orleans;

/// <summary>
/// A job running in the cluster, seen from a client (an <see cref="IClusterClient"/>, or a grain): what
/// <see cref="JobClient"/> is for a job in one process — savepoints, stop with savepoint, cancel, rescale, and a
/// <see cref="Completion"/> that ends with the job. Every call goes to the job's grain, wherever it runs; when its
/// silo dies the grain resumes elsewhere and this client follows it. Get one with
/// <see cref="ClusterJobClientExtensions.SubmitCheckpointingJobAsync"/> or <see cref="ClusterJobClientExtensions.GetCheckpointingJob"/>.
/// </summary>
public sealed class ClusterJobClient
{
    private readonly ICheckpointingJobGrain grain;
    private readonly Lazy<Task<JobResult>> completion;
    private readonly TimeSpan pollInterval;

    internal ClusterJobClient(IGrainFactory grains, string jobName, TimeSpan pollInterval)
    {
        JobName = jobName;
        grain = grains.GetGrain<ICheckpointingJobGrain>(jobName);
        this.pollInterval = pollInterval;
        completion = new Lazy<Task<JobResult>>(() => Task.Run(WatchAsync));
    }

    /// <summary>The job's name (its grain's key, the name it was registered under on the silos).</summary>
    public string JobName { get; }

    /// <summary>
    /// Completes with the result when the job ends; faults with <see cref="ClusterJobFailedException"/> when it failed
    /// beyond its restart strategy. It asks the job grain for its status every poll interval (100 ms by default).
    /// </summary>
    public Task<JobResult> Completion => completion.Value;

    /// <summary>
    /// Where the job is now: running or ended, restarts, latest checkpoint, the silos it runs on. A call lost with the
    /// gateway silo it went through is asked again (see <see cref="LostCalls"/>), so a dying silo delays the answer
    /// rather than failing it.
    /// </summary>
    public Task<ClusterJobStatus> GetStatusAsync() => LostCalls.ReadAsync(grain.GetStatusAsync, pollInterval);

    /// <summary>The silo that runs the job's coordinator (its job grain) now, as a parsable silo address; asked again when lost like <see cref="GetStatusAsync"/>.</summary>
    public Task<string> GetCoordinatorSiloAsync() => LostCalls.ReadAsync(grain.GetSiloAsync, pollInterval);

    /// <summary>The id of the latest completed checkpoint or savepoint, 0 if none yet.</summary>
    public async Task<long> GetLatestCheckpointIdAsync() => (await GetStatusAsync().ConfigureAwait(false)).LatestCheckpointId;

    /// <summary>Takes a savepoint into a new folder inside <paramref name="directory"/> (a folder every silo reaches) and returns its path. The job keeps running.</summary>
    public Task<string> TriggerSavepointAsync(string directory) => grain.TriggerSavepointAsync(directory);

    /// <summary>Takes a savepoint, stops the job exactly after it, waits until the job has ended, and returns the savepoint's path.</summary>
    public async Task<string> StopWithSavepointAsync(string directory)
    {
        var path = await grain.StopWithSavepointAsync(directory).ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        return path;
    }

    /// <summary>Rescales the job to <paramref name="parallelism"/> through a savepoint in <paramref name="savepointDirectory"/> (see <see cref="ICheckpointingJobGrain.RescaleAsync"/>); returns its path.</summary>
    public Task<string> RescaleAsync(int parallelism, string savepointDirectory) => grain.RescaleAsync(parallelism, savepointDirectory);

    /// <summary>Cancels the job (no final checkpoint) and waits until it has ended.</summary>
    public async Task CancelAsync()
    {
        await grain.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (ClusterJobFailedException)
        {
            // The job's own failure is reported by Completion; cancelling only waits for the end.
        }
    }

    private async Task<JobResult> WatchAsync()
    {
        while (true)
        {
            // NotStarted after a start means the job grain moved and its new activation is resuming the job.
            var status = await GetStatusAsync().ConfigureAwait(false);
            if (status.State == ClusterJobState.Ended)
            {
                if (status.Failure is { } failure) throw new ClusterJobFailedException(JobName, status.Restarts, failure);
                return new JobResult(JobName, status.Ended ?? JobStatus.Cancelled, status.Restarts, status.LatestCheckpointId, status.SavepointPath);
            }
            await Task.Delay(pollInterval).ConfigureAwait(false);
        }
    }
}

/// <summary>A job in the cluster failed beyond its restart strategy; the message is the job's last failure, as its job grain reported it.</summary>
public sealed class ClusterJobFailedException(string jobName, int restarts, string failure)
    : Exception($"Job '{jobName}' failed after {restarts} restart(s): {failure}")
{
    /// <summary>The job's name.</summary>
    public string JobName { get; } = jobName;

    /// <summary>The restarts it made before it gave up.</summary>
    public int Restarts { get; } = restarts;
}
