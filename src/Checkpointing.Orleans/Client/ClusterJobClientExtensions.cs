namespace Checkpointing.Orleans;

/// <summary>Submits jobs registered on the silos (<see cref="CheckpointingSiloBuilderExtensions.AddCheckpointingJob"/>) from a cluster client.</summary>
public static class ClusterJobClientExtensions
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Starts job <paramref name="jobName"/> in the cluster (a job that runs already is left alone) and returns its
    /// client. A job's definition is code, so the silos hold it, registered by name; the client names the job to run.
    /// Throws when no silo has the job registered, naming the jobs that are.
    /// </summary>
    public static async Task<ClusterJobClient> SubmitCheckpointingJobAsync(this IGrainFactory grains, string jobName, TimeSpan? pollInterval = null)
    {
        var client = GetCheckpointingJob(grains, jobName, pollInterval);
        await grains.GetGrain<ICheckpointingJobGrain>(jobName).StartAsync().ConfigureAwait(false);
        return client;
    }

    /// <summary>The client of job <paramref name="jobName"/>, started earlier (by this or another client); starts nothing.</summary>
    public static ClusterJobClient GetCheckpointingJob(this IGrainFactory grains, string jobName, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var poll = pollInterval ?? DefaultPoll;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(poll, TimeSpan.Zero, nameof(pollInterval));
        return new ClusterJobClient(grains, jobName, poll);
    }
}
