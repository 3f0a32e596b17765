using Checkpointing.Execution;
using Checkpointing.Orleans.Placement;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// Hosts one job's subtasks on this silo in a <see cref="LocalWorker"/>: their threads and checkpoint locks are
/// exactly those of a job in one process. Reentrant, and every wait for a lock or a thread runs off the grain's turn
/// (the local worker waits on its own threads), so a source holding its lock never stalls the grain.
/// </summary>
[Reentrant]
[SiloTargetedPlacement]
internal sealed class WorkerGrain(
    JobDefinitions definitions, IOptions<CheckpointingWorkerOptions> options, ILocalSiloDetails silo, IClusterMembershipService membership, IGrainFactory grains, ILoggerFactory loggers)
    : Grain, IWorkerGrain
{
    private static readonly TimeSpan CoordinatorCheck = TimeSpan.FromMilliseconds(500);

    private readonly ILogger logger = loggers.CreateLogger("Checkpointing.Orleans.Worker");
    private string jobName = "";
    private JobSettings? settings;
    private LocalWorker? worker;
    private RunId run = new(long.MinValue, 0);
    private SiloAddress? coordinator;
    private bool stopped;
    private IGrainTimer? watch;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        jobName = WorkerKey.Parse(this.GetPrimaryKeyString()).JobName;
        return Task.CompletedTask;
    }

    public async Task DeployAsync(RunId run, string coordinator, int parallelism, byte[] deployments)
    {
        if (run.CompareTo(this.run) <= 0)
            throw new InvalidOperationException($"The worker of job '{jobName}' on silo {silo.SiloAddress} runs attempt {this.run} already; attempt {run} is stale.");
        await EndCurrentAsync().ConfigureAwait(true);
        // The job grain decides the parallelism (a rescale changes it); everything else comes from this silo's definition.
        var frozen = definitions.Create(jobName, loggers).Freeze(jobName) with { Parallelism = parallelism };
        settings = frozen;
        this.run = run;
        this.coordinator = SiloAddress.FromParsableString(coordinator);
        stopped = false;
        // The subtasks log what they would log in one process, under the same category.
        worker = new LocalWorker(frozen, run.Attempt, new EventsToJob(grains.GetGrain<IJobEventsGrain>(jobName), jobName, run, logger), frozen.LoggerFactory.CreateLogger("Checkpointing.Job"));
        // The job runs as long as its control says, not as long as calls keep the grain busy.
        DelayDeactivation(TimeSpan.FromDays(3650));
        watch ??= this.RegisterGrainTimer(EndIfCoordinatorGoneAsync, new GrainTimerCreationOptions(CoordinatorCheck, CoordinatorCheck) { Interleave = true });
        await worker.DeployAsync(DeploymentCodec.Decode(deployments)).ConfigureAwait(true);
    }

    public Task<int> GetWeightAsync() =>
        options.Value.Weight >= 1
            ? Task.FromResult(options.Value.Weight)
            : throw new InvalidOperationException($"CheckpointingWorkerOptions.Weight of silo {silo.SiloAddress} is {options.Value.Weight}; it must be at least 1.");

    public Task OpenAsync(RunId run) => Current(run).OpenAsync();

    public Task StartAsync(RunId run) => Current(run).StartAsync();

    public async Task<SnapshotReply> SnapshotAsync(RunId run, long checkpointId, long timestamp, bool muteAfter)
    {
        var local = Current(run);
        var held = await local.SnapshotAsync(checkpointId, timestamp, muteAfter).ConfigureAwait(true);
        return new SnapshotReply([.. held], local.RecordsEmitted);
    }

    public async Task<WrittenFile[]> WriteAsync(RunId run, long checkpointId, string location)
    {
        var local = Current(run);
        var target = new CapturingTarget(OpenTarget(run, checkpointId, location));
        using var timeout = new CancellationTokenSource(settings!.CheckpointTimeout);
        var written = await local.WriteAsync(checkpointId, target, timeout.Token).ConfigureAwait(true);
        return [.. written.Select(w => new WrittenFile(w.Subtask.Source, w.Subtask.Index, target.Files[w.File.Name]))];
    }

    public Task NotifyCompleteAsync(RunId run, long checkpointId) => Current(run).NotifyCompleteAsync(checkpointId);

    public Task NotifyAbortedAsync(RunId run, long checkpointId) => Current(run).NotifyAbortedAsync(checkpointId);

    public Task UnmuteAsync(RunId run) => Current(run).UnmuteAsync();

    public async Task<long> StopAsync(RunId run, TimeSpan timeout)
    {
        var local = Current(run);
        // Joins the source threads: off the grain's turn.
        await Task.Run(() => local.StopAsync(timeout)).ConfigureAwait(true);
        stopped = true;
        return local.RecordsEmitted;
    }

    public async Task<CloseReply> CloseAsync(RunId run)
    {
        var local = Current(run);
        worker = null;
        string? failure = null;
        try
        {
            await Task.Run(local.CloseAsync).ConfigureAwait(true);
        }
        catch (OperatorCloseException e)
        {
            // Logged by the local worker; the job's control decides whether it fails the attempt.
            failure = e.Message;
        }
        // Nothing runs here any more: idle collection may take the grain again.
        DelayDeactivation(TimeSpan.FromSeconds(-1));
        return new CloseReply(local.RecordsEmitted, failure);
    }

    /// <summary>The silo is shutting down (or the grain is otherwise deactivated): the subtasks here end with it, and the job is told.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (worker is not null)
            _ = grains.GetGrain<IJobEventsGrain>(jobName).ReportAsync(run, new WorkerEvent(WorkerEventKind.WorkerFailed, 0, 0, $"the worker on silo {silo.SiloAddress} was deactivated: {reason}"));
        await EndCurrentAsync().ConfigureAwait(true);
    }

    // A job grain that is gone can neither checkpoint these subtasks nor stop them: they end, and the call activates the
    // job grain on a live silo, which resumes the job in a new run (every worker asks; a running job ignores it).
    private async Task EndIfCoordinatorGoneAsync(CancellationToken cancellationToken)
    {
        if (worker is null || coordinator is null || membership.CurrentSnapshot.GetSiloStatus(coordinator) == SiloStatus.Active) return;
        logger.CoordinatorLost(jobName, coordinator.ToString(), run.ToString());
        await EndCurrentAsync().ConfigureAwait(true);
        ResumeRequest.Send(grains, jobName, logger);
    }

    private async Task EndCurrentAsync()
    {
        if (worker is not { } local) return;
        worker = null;
        if (!stopped) await Task.Run(() => local.StopAsync(settings!.CancellationTimeout)).ConfigureAwait(true);
        try
        {
            await Task.Run(local.CloseAsync).ConfigureAwait(true);
        }
        catch (OperatorCloseException)
        {
            // An ended run's close failure is logged by the local worker; nobody waits for this run any more.
        }
    }

    private LocalWorker Current(RunId run) =>
        run == this.run && worker is { } local
            ? local
            : throw new InvalidOperationException($"The worker of job '{jobName}' on silo {silo.SiloAddress} does not run attempt {run} (it runs {(worker is null ? "none" : this.run)}).");

    /// <summary>
    /// The checkpoint's target as this silo reaches it: the shared storage's own when it writes this checkpoint to the
    /// same location (so any storage works), else the folder the location names (savepoints, shared folders). The job
    /// grain runs each generation with that generation as its job epoch, so the run's generation names the checkpoint.
    /// </summary>
    private CheckpointTarget OpenTarget(RunId run, long checkpointId, string location)
    {
        var own = settings!.Storage.BeginCheckpoint(jobName, checkpointId, run.Generation);
        if (string.Equals(own.Location, location, StringComparison.Ordinal)) return own;
        if (Path.IsPathFullyQualified(location)) return new CheckpointDirectory(location);
        throw new InvalidOperationException(
            $"The worker of job '{jobName}' on silo {silo.SiloAddress} cannot write checkpoint {checkpointId} to '{location}': its storage writes it to '{own.Location}'. Every silo must use the same shared checkpoint storage.");
    }

    /// <summary>The local worker's callbacks, sent to the job grain without waiting: they come from source threads.</summary>
    private sealed class EventsToJob(IJobEventsGrain job, string jobName, RunId run, ILogger logger) : IWorkerEvents
    {
        public void SubtaskFinished(SubtaskId subtask) => Send(new WorkerEvent(WorkerEventKind.SubtaskFinished, subtask.Source, subtask.Index, null));

        public void SubtaskFailed(SubtaskId subtask, Exception error) => Send(new WorkerEvent(WorkerEventKind.SubtaskFailed, subtask.Source, subtask.Index, $"{error.GetType().Name}: {error.Message}"));

        public void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid) => Send(new WorkerEvent(WorkerEventKind.SubtaskEmitsWithoutLock, subtask.Source, subtask.Index, sourceUid));

        public void WorkerFailed(Exception error) => Send(new WorkerEvent(WorkerEventKind.WorkerFailed, 0, 0, $"{error.GetType().Name}: {error.Message}"));

        private void Send(WorkerEvent workerEvent) =>
            _ = job.ReportAsync(run, workerEvent).ContinueWith(
                t => logger.WorkerEventLost(t.Exception!, workerEvent.Kind, run.ToString(), jobName),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
