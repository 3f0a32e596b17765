using Checkpointing.Orleans.Scaling;
using Checkpointing.Orleans.Workers;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Checkpointing.Orleans;

/// <summary>
/// Runs one job's control — the same <c>JobRunner</c>, <c>JobExecution</c> and <c>CheckpointCoordinator</c> as a job
/// in one process — over the workers of <see cref="ClusterWorkers"/>. The control runs on pool threads, off the grain's
/// turns; the grain only starts it, answers status and savepoint requests, and routes worker events to it.
/// Reentrant: a worker's event must reach it while it waits for that worker.
/// </summary>
[Reentrant]
internal sealed class CheckpointingJobGrain(JobDefinitions definitions, ILocalSiloDetails silo, IClusterMembershipService membership, IGrainFactory grains, ILoggerFactory loggers)
    : Grain, ICheckpointingJobGrain, IJobEventsGrain
{
    private readonly ILogger logger = loggers.CreateLogger("Checkpointing.Orleans.Job");
    private JobClient? client;
    private ClusterWorkers? workers;
    private long generation;
    private Task? starting;
    // One rescale at a time, whether asked for or the scaling policy's.
    private readonly SemaphoreSlim rescaling = new(1, 1);
    // Set when the job's parallelism follows its silos (ClusterScaling.SubtasksPerSilo); null when it is fixed.
    private SiloScaling? scaling;

    private string JobName => this.GetPrimaryKeyString();

    public Task StartAsync() => StartJobAsync(resume: false);

    /// <summary>
    /// A previous activation ran the job and its silo left: start again from the job's latest complete checkpoint,
    /// whatever the definition's restore setting (a savepoint it restored from is older than that checkpoint).
    /// </summary>
    public Task ResumeAsync() => StartJobAsync(resume: true);

    public Task<string> RescaleAsync(int parallelism, string savepointDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (definitions.ScalingOf(JobName) is { FollowsSilos: true } policy)
            throw new InvalidOperationException($"Job '{JobName}' is registered with a parallelism that follows its silos ({policy}); it rescales by itself. Register it with ClusterScaling.Fixed to rescale it by hand.");
        return RescaleThroughSavepointAsync(parallelism, savepointDirectory);
    }

    private async Task<string> RescaleThroughSavepointAsync(int parallelism, string savepointDirectory)
    {
        await rescaling.WaitAsync().ConfigureAwait(true);
        try
        {
            var savepoint = await Started().StopWithSavepointAsync(savepointDirectory).ConfigureAwait(true);
            (client, starting) = (null, null);
            await StartJobAsync(resume: false, savepoint, parallelism).ConfigureAwait(true);
            return savepoint;
        }
        finally
        {
            rescaling.Release();
        }
    }

    // One start at a time: the grain is reentrant, and a start awaits the silos' weights before the job runs.
    private Task StartJobAsync(bool resume, string? restoreFrom = null, int? parallelism = null) =>
        client is not null ? Task.CompletedTask : starting ??= StartOnceAsync(resume, restoreFrom, parallelism);

    private async Task StartOnceAsync(bool resume, string? restoreFrom, int? parallelism)
    {
        try
        {
            await StartJobNowAsync(resume, restoreFrom, parallelism).ConfigureAwait(true);
        }
        catch
        {
            starting = null; // A start that failed (no such job on this silo, say) may be tried again.
            throw;
        }
    }

    private async Task StartJobNowAsync(bool resume, string? restoreFrom, int? parallelism)
    {
        var env = definitions.Create(JobName, loggers);
        if (resume) env.ResumeFromLatestCheckpoint();
        if (restoreFrom is not null) env.RestoreFrom(restoreFrom);
        if (parallelism is { } p) env.Parallelism = p;
        // Each start gets a higher generation than the last, here and in any later activation (after this silo left):
        // its workers' runs supersede the earlier ones. It is also the run's job epoch, which fences in storage a stale
        // activation cut off by a partition: above every epoch claimed so far, so a silo whose clock lags cannot start
        // a run that the old one outranks. (Two activations starting at once may still pick one epoch: the claim is
        // write-once, and the loser fails to start with JobFencedException.)
        var highestClaim = (await env.CheckpointStorage.ListEpochClaimsAsync(JobName).ConfigureAwait(true)).Select(c => c.Epoch).DefaultIfEmpty(0).Max();
        generation = Math.Max(Math.Max(generation + 1, highestClaim + 1), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        env.Epoch = generation;
        var cluster = new ClusterWorkers(JobName, generation, silo.SiloAddress, membership, grains, logger);
        await cluster.LearnWeightsAsync(membership.CurrentSnapshot).ConfigureAwait(true);
        env.Workers = cluster.Create;
        var following = ScalingWithSilos();
        following?.Apply(env);
        workers = cluster;
        client = await env.StartAsync(JobName).ConfigureAwait(true);
        following?.StartRescaling(
            token => client?.RunningParallelismAsync(token) ?? Task.FromResult<int?>(null),
            target => RescaleThroughSavepointAsync(target, following.Scaling.SavepointDirectory!));
        // The job runs until it ends, not as long as calls keep the grain busy.
        DelayDeactivation(TimeSpan.FromDays(3650));
        _ = client.Completion.ContinueWith(_ => cluster.DisposeAsync().AsTask(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    /// <summary>This activation's scaling when the job's parallelism follows its silos (see <see cref="ClusterScaling"/>), else null.</summary>
    private SiloScaling? ScalingWithSilos() =>
        scaling ??= definitions.ScalingOf(JobName) is { FollowsSilos: true } policy ? new SiloScaling(JobName, policy, membership, logger) : null;

    public Task<ClusterJobStatus> GetStatusAsync()
    {
        if (client is null) return Task.FromResult(new ClusterJobStatus(ClusterJobState.NotStarted, null, 0, 0, null, []));
        var completion = client.Completion;
        var restarts = Math.Max(0, workers!.CurrentAttempt);
        var placed = workers.Placement;
        var status = completion.Status switch
        {
            TaskStatus.RanToCompletion => new ClusterJobStatus(ClusterJobState.Ended, completion.Result.Status, completion.Result.Restarts, completion.Result.LastCheckpointId, null, placed) { SavepointPath = completion.Result.SavepointPath },
            TaskStatus.Faulted => new ClusterJobStatus(ClusterJobState.Ended, null, restarts, client.LatestCheckpointId, completion.Exception!.GetBaseException().Message, placed),
            TaskStatus.Canceled => new ClusterJobStatus(ClusterJobState.Ended, JobStatus.Cancelled, restarts, client.LatestCheckpointId, null, placed),
            _ => new ClusterJobStatus(ClusterJobState.Running, null, restarts, client.LatestCheckpointId, null, placed),
        };
        return Task.FromResult(status);
    }

    public Task<string> TriggerSavepointAsync(string directory) => Started().TriggerSavepointAsync(directory);

    public Task<string> StopWithSavepointAsync(string directory) => Started().StopWithSavepointAsync(directory);

    public Task CancelAsync() => Started().CancelAsync();

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public Task ReportAsync(RunId run, WorkerEvent workerEvent)
    {
        workers?.Deliver(run, workerEvent);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The silo is shutting down (or the grain otherwise deactivates) while the job runs: the job is cancelled, so its
    /// workers stop, and a new activation — on another silo — resumes it from its latest complete checkpoint. (When the
    /// silo dies instead, the workers ask for that activation: see <see cref="WorkerGrain"/>.)
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (scaling is not null) await scaling.DisposeAsync().ConfigureAwait(true);
        if (client is not null && !client.Completion.IsCompleted)
        {
            try
            {
                await client.CancelAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
            }
            catch (OperationCanceledException)
            {
                // Out of time: the workers end by themselves once this silo has left the cluster.
            }
            // Delivered once this activation is gone, to a new one.
            _ = grains.GetGrain<IJobEventsGrain>(JobName).ResumeAsync();
        }
    }

    private JobClient Started() => client ?? throw new InvalidOperationException($"Job '{JobName}' has not been started in the cluster.");
}
