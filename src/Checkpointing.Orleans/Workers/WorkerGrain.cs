using Checkpointing.Execution;
using Checkpointing.Orleans.Placement;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// Hosts one job's subtasks on this silo in a <see cref="LocalWorker"/>: their threads and checkpoint locks are
/// exactly those of a job in one process. Reentrant, and every wait for a lock or a thread runs off the grain's turn
/// (the local worker waits on its own threads), so a source holding its lock never stalls the grain.
/// </summary>
[Reentrant]
[SiloTargetedPlacement]
internal sealed class WorkerGrain(JobDefinitions definitions, ILocalSiloDetails silo, IGrainFactory grains, ILoggerFactory loggers) : Grain, IWorkerGrain
{
    private readonly ILogger logger = loggers.CreateLogger("Checkpointing.Orleans.Worker");
    private string jobName = "";
    private JobSettings? settings;
    private LocalWorker? worker;
    private int attempt = -1;
    private bool stopped;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        jobName = WorkerKey.Parse(this.GetPrimaryKeyString()).JobName;
        return Task.CompletedTask;
    }

    public async Task DeployAsync(int attempt, int parallelism, byte[] deployments)
    {
        if (attempt <= this.attempt) throw new InvalidOperationException($"The worker of job '{jobName}' on silo {silo.SiloAddress} runs attempt {this.attempt} already; attempt {attempt} is stale.");
        await EndCurrentAsync().ConfigureAwait(true);
        var frozen = definitions.Create(jobName).Freeze(jobName);
        if (frozen.Parallelism != parallelism)
            throw new InvalidOperationException(
                $"Job '{jobName}' runs at parallelism {parallelism}, but its definition on silo {silo.SiloAddress} says {frozen.Parallelism}: every silo must register the same job.");
        settings = frozen;
        this.attempt = attempt;
        stopped = false;
        worker = new LocalWorker(frozen, attempt, new EventsToJob(grains.GetGrain<ICheckpointingJobGrain>(jobName), jobName, attempt, logger), logger);
        // The job runs as long as the job's control says, not as long as calls keep the grain busy.
        DelayDeactivation(TimeSpan.FromDays(3650));
        await worker.DeployAsync(DeploymentCodec.Decode(deployments)).ConfigureAwait(true);
    }

    public Task OpenAsync(int attempt) => Current(attempt).OpenAsync();

    public Task StartAsync(int attempt) => Current(attempt).StartAsync();

    public async Task<SnapshotReply> SnapshotAsync(int attempt, long checkpointId, long timestamp, bool muteAfter)
    {
        var local = Current(attempt);
        var held = await local.SnapshotAsync(checkpointId, timestamp, muteAfter).ConfigureAwait(true);
        return new SnapshotReply([.. held], local.RecordsEmitted);
    }

    public async Task<WrittenFile[]> WriteAsync(int attempt, long checkpointId, string location)
    {
        var local = Current(attempt);
        var target = new CapturingTarget(OpenTarget(checkpointId, location));
        using var timeout = new CancellationTokenSource(settings!.CheckpointTimeout);
        var written = await local.WriteAsync(checkpointId, target, timeout.Token).ConfigureAwait(true);
        return [.. written.Select(w => new WrittenFile(w.Subtask.Source, w.Subtask.Index, target.Files[w.File.Name]))];
    }

    public Task NotifyCompleteAsync(int attempt, long checkpointId) => Current(attempt).NotifyCompleteAsync(checkpointId);

    public Task NotifyAbortedAsync(int attempt, long checkpointId) => Current(attempt).NotifyAbortedAsync(checkpointId);

    public Task UnmuteAsync(int attempt) => Current(attempt).UnmuteAsync();

    public async Task<long> StopAsync(int attempt, TimeSpan timeout)
    {
        var local = Current(attempt);
        // Joins the source threads: off the grain's turn.
        await Task.Run(() => local.StopAsync(timeout)).ConfigureAwait(true);
        stopped = true;
        return local.RecordsEmitted;
    }

    public async Task<long> CloseAsync(int attempt)
    {
        var local = Current(attempt);
        await Task.Run(local.CloseAsync).ConfigureAwait(true);
        worker = null;
        return local.RecordsEmitted;
    }

    /// <summary>The silo is shutting down (or the grain is otherwise deactivated): the subtasks here end with it.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (worker is not null)
        {
            var events = grains.GetGrain<ICheckpointingJobGrain>(jobName);
            _ = events.ReportAsync(attempt, new WorkerEvent(WorkerEventKind.WorkerFailed, 0, 0, $"the worker of job '{jobName}' on silo {silo.SiloAddress} was deactivated: {reason}"));
        }
        await EndCurrentAsync().ConfigureAwait(true);
    }

    private async Task EndCurrentAsync()
    {
        if (worker is not { } local) return;
        worker = null;
        if (!stopped) await Task.Run(() => local.StopAsync(settings!.CancellationTimeout)).ConfigureAwait(true);
        await Task.Run(local.CloseAsync).ConfigureAwait(true);
    }

    private LocalWorker Current(int attempt) =>
        attempt == this.attempt && worker is { } local
            ? local
            : throw new InvalidOperationException($"The worker of job '{jobName}' on silo {silo.SiloAddress} does not run attempt {attempt} (it runs {(worker is null ? "none" : this.attempt)}).");

    /// <summary>
    /// The checkpoint's target as this silo reaches it: the shared storage's own when it writes this checkpoint to the
    /// same location (so any storage works), else the folder the location names (savepoints, shared folders).
    /// </summary>
    private CheckpointTarget OpenTarget(long checkpointId, string location)
    {
        var own = settings!.Storage.BeginCheckpoint(jobName, checkpointId);
        if (string.Equals(own.Location, location, StringComparison.Ordinal)) return own;
        if (Path.IsPathFullyQualified(location)) return new CheckpointDirectory(location);
        throw new InvalidOperationException(
            $"The worker of job '{jobName}' on silo {silo.SiloAddress} cannot write checkpoint {checkpointId} to '{location}': its storage writes it to '{own.Location}'. Every silo must use the same shared checkpoint storage.");
    }

    /// <summary>The local worker's callbacks, sent to the job grain without waiting: they come from source threads.</summary>
    private sealed class EventsToJob(ICheckpointingJobGrain job, string jobName, int attempt, ILogger logger) : IWorkerEvents
    {
        public void SubtaskFinished(SubtaskId subtask) => Send(new WorkerEvent(WorkerEventKind.SubtaskFinished, subtask.Source, subtask.Index, null));

        public void SubtaskFailed(SubtaskId subtask, Exception error) => Send(new WorkerEvent(WorkerEventKind.SubtaskFailed, subtask.Source, subtask.Index, $"{error.GetType().Name}: {error.Message}"));

        public void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid) => Send(new WorkerEvent(WorkerEventKind.SubtaskEmitsWithoutLock, subtask.Source, subtask.Index, sourceUid));

        public void WorkerFailed(Exception error) => Send(new WorkerEvent(WorkerEventKind.WorkerFailed, 0, 0, $"{error.GetType().Name}: {error.Message}"));

        private void Send(WorkerEvent workerEvent) =>
            _ = job.ReportAsync(attempt, workerEvent).ContinueWith(
                t => logger.WorkerEventLost(t.Exception!, workerEvent.Kind, attempt, jobName),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
