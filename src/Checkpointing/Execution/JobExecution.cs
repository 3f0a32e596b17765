using Checkpointing.Snapshots;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>How one execution attempt ended.</summary>
internal sealed record AttemptOutcome(JobStatus? Status, Exception? Failure, string? SavepointPath);

/// <summary>
/// One attempt at running the job, as its control sees it (Flink's JobMaster): plans which state each subtask
/// restores, places the subtasks on workers (<see cref="IWorker"/>), which create, restore, open and run them;
/// checkpoints them periodically through the <see cref="CheckpointCoordinator"/>; and ends the attempt by finishing,
/// failing, a cancel or a stop with savepoint.
/// </summary>
internal sealed class JobExecution : IWorkerEvents
{
    private readonly JobSettings settings;
    private readonly int attempt;
    private readonly CompletedCheckpoint? restorePoint;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<AttemptOutcome> ending = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopCheckpoints = new();
    private readonly IWorker[] workers;
    private readonly Lock reporting = new();
    private readonly long[] recordsReported;
    private int running;

    public JobExecution(JobSettings settings, int attempt, CompletedCheckpoint? restorePoint, long lastCheckpointId, ILogger logger)
    {
        this.settings = settings;
        this.attempt = attempt;
        this.restorePoint = restorePoint;
        this.logger = logger;
        workers = [.. (settings.Workers ?? LocalWorker.Factory(1))(settings, attempt, this, logger)];
        if (workers.Length == 0) throw new InvalidOperationException($"Job '{settings.JobName}' has no worker to run its subtasks on.");
        recordsReported = new long[workers.Length];
        Coordinator = new CheckpointCoordinator(settings, workers, Fail, logger, lastCheckpointId);
    }

    public string JobName => settings.JobName;
    public int Parallelism => settings.Parallelism;
    public CheckpointCoordinator Coordinator { get; }

    /// <summary>Set once every subtask runs; savepoint requests wait for it.</summary>
    public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsEnding => ending.Task.IsCompleted;

    /// <summary>Ending because a subtask failed: a restart may follow.</summary>
    public bool IsFailing => ending.Task.IsCompletedSuccessfully && ending.Task.Result.Failure is not null;

    /// <summary>Runs the attempt to its end. Restore problems throw <see cref="CheckpointRestoreException"/>: restarting would not fix them.</summary>
    public async Task<AttemptOutcome> RunAsync()
    {
        var deployments = PlanDeployments();
        var placement = SubtaskPlacement.Place(settings.Pipelines.Count, Parallelism, [.. workers.Select(w => w.Weight)]);
        var byId = deployments.ToDictionary(d => d.Id);
        for (var w = 0; w < workers.Length; w++)
        {
            SubtaskDeployment[] placed = [.. placement[w].Select(id => byId[id])];
            await workers[w].DeployAsync(placed).ConfigureAwait(false);
            if (restorePoint is not null)
                CheckpointingMetrics.RestoreBytes.Record(placed.Sum(d => d.StateBytes), CheckpointingMetrics.Job(JobName), new(CheckpointingMetrics.WorkerTag, w));
        }
        if (restorePoint is not null) logger.CheckpointRestored(JobName, restorePoint.CheckpointId, restorePoint.Location, Parallelism);
        if (!await OpenAsync().ConfigureAwait(false)) return await FinishAsync(await ending.Task.ConfigureAwait(false)).ConfigureAwait(false);

        SnapshotWarmUp.Run();
        running = deployments.Count;
        foreach (var worker in workers) await worker.StartAsync().ConfigureAwait(false);
        Running.TrySetResult();
        var periodic = settings.CheckpointInterval is { } interval ? PeriodicCheckpointsAsync(interval, stopCheckpoints.Token) : Task.CompletedTask;

        var outcome = await ending.Task.ConfigureAwait(false);
        await stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await periodic.ConfigureAwait(false);
        return await FinishAsync(outcome).ConfigureAwait(false);
    }

    public void RequestCancel() => ending.TrySetResult(new AttemptOutcome(JobStatus.Cancelled, null, null));

    public async Task<string> TriggerSavepointAsync(string directory, bool stop)
    {
        if (IsEnding) throw new InvalidOperationException($"Job '{JobName}' is ending; no savepoint can be taken now.");
        var savepoint = await Coordinator.CheckpointAsync(stop ? CheckpointKind.StopSavepoint : CheckpointKind.Savepoint, directory, CancellationToken.None).ConfigureAwait(false);
        var path = savepoint!.Location;
        if (stop && !ending.TrySetResult(new AttemptOutcome(JobStatus.Stopped, null, path)))
            throw new InvalidOperationException($"Job '{JobName}' ended while the savepoint at {path} was taken; it was not stopped by it.");
        return path;
    }

    public void SubtaskFinished(SubtaskId subtask)
    {
        if (Interlocked.Decrement(ref running) == 0) ending.TrySetResult(new AttemptOutcome(JobStatus.Finished, null, null));
    }

    public void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid) => logger.SubtaskEmitsWithoutLock(subtask.Index, sourceUid, JobName);

    public void SubtaskFailed(SubtaskId subtask, Exception error)
    {
        if (IsEnding) return; // Sources may throw when cancelled; the job is already ending for another reason.
        logger.SubtaskFailed(error, subtask.Index, JobName);
        Fail(error);
    }

    public void WorkerFailed(Exception error) => Fail(error);

    private void Fail(Exception error) => ending.TrySetResult(new AttemptOutcome(null, error, null));

    /// <summary>
    /// Restore planning: every subtask of every source, with the share of each restored operator's state it gets
    /// (Flink's StateAssignmentOperation). State of an operator the job no longer has fails the restore unless allowed.
    /// </summary>
    private List<SubtaskDeployment> PlanDeployments()
    {
        var shares = new Dictionary<string, (OperatorSnapshot Snapshot, IReadOnlyDictionary<string, AssignedState>[] PerSubtask)>(StringComparer.Ordinal);
        if (restorePoint is not null)
        {
            var known = settings.Pipelines.SelectMany(p => p.Operators).Select(o => o.Uid).ToHashSet(StringComparer.Ordinal);
            var unknown = restorePoint.Operators.Keys.Where(uid => !known.Contains(uid)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                if (!settings.AllowNonRestoredState)
                    throw new CheckpointRestoreException(
                        $"Cannot restore job '{JobName}' from {restorePoint.Location}: it holds state for operator uid(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} " +
                        $"that the job does not have (its operators: {string.Join(", ", known.Order(StringComparer.Ordinal).Select(u => $"'{u}'"))}). " +
                        "Set the same .Uid(...) as before, or set AllowNonRestoredState = true to drop that state.");
                logger.OperatorStateDropped(string.Join(", ", unknown), JobName);
            }
            foreach (var (uid, snapshot) in restorePoint.Operators)
                if (known.Contains(uid)) shares[uid] = (snapshot, StateAssignment.Assign(snapshot, Parallelism));
        }

        var deployments = new List<SubtaskDeployment>(settings.Pipelines.Count * Parallelism);
        for (var source = 0; source < settings.Pipelines.Count; source++)
        {
            var uids = settings.Pipelines[source].Operators.Select(o => o.Uid).ToList();
            for (var index = 0; index < Parallelism; index++)
            {
                var restores = new List<OperatorRestore>();
                foreach (var uid in uids)
                    if (shares.TryGetValue(uid, out var share))
                        restores.Add(new OperatorRestore(uid, restorePoint!.CheckpointId, share.Snapshot.Parallelism, share.PerSubtask[index]));
                deployments.Add(new SubtaskDeployment(new SubtaskId(source, index), restores));
            }
        }
        return deployments;
    }

    private async Task<bool> OpenAsync()
    {
        try
        {
            foreach (var worker in workers) await worker.OpenAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            logger.JobOpenFailed(e, JobName);
            Fail(e);
            return false;
        }
    }

    private async Task PeriodicCheckpointsAsync(TimeSpan interval, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (IsEnding) return;
                await Coordinator.CheckpointAsync(CheckpointKind.Periodic, null, token).ConfigureAwait(false);
                ReportRecordsEmitted();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task<AttemptOutcome> FinishAsync(AttemptOutcome outcome)
    {
        if (outcome.Status == JobStatus.Finished)
        {
            // Every source returned: a final checkpoint lets sinks commit everything.
            var final = await FinalCheckpointAsync().ConfigureAwait(false);
            if (final is null)
            {
                // Say why: the user may have no logger, and "a checkpoint failed" alone does not say what to fix.
                var failure = Coordinator.LastFailure;
                // A fenced run ends as fenced, whatever checkpoint found out: a restart would be the same stale run.
                if (failure is { Reason: CheckpointFailureReason.Fenced }) return await EndFencedAsync(failure.Cause).ConfigureAwait(false);
                var message = failure is null ? $"The final checkpoint of job '{JobName}' failed." : $"The final checkpoint of job '{JobName}' failed: {failure.Message}";
                outcome = new AttemptOutcome(null, new IOException(message, failure?.Cause), null);
            }
        }
        else
        {
            foreach (var worker in workers) await worker.StopAsync(settings.CancellationTimeout).ConfigureAwait(false);
        }
        var closeFailure = await CloseAllAsync().ConfigureAwait(false);
        ReportRecordsEmitted();
        // A function that fails to close after every source finished has not finished its work: a two-phase-commit sink
        // whose commit of the final checkpoint failed, say. The attempt fails, and a restart restores that checkpoint,
        // which commits again what it lists. Other endings stop the job anyway; their close failures are only logged.
        if (outcome.Status == JobStatus.Finished && closeFailure is not null)
            return new AttemptOutcome(null, closeFailure, null);
        return outcome;
    }

    /// <summary>
    /// The final checkpoint, tried again when storage failed or timed out: as in Flink, finished subtasks wait for the
    /// next checkpoint rather than fail the job over one failed write, which a restart would only repeat (restore,
    /// finish, try once more). A snapshot that threw or a fenced run ends at once: another try would do the same.
    /// </summary>
    private async Task<CompletedCheckpoint?> FinalCheckpointAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var final = await Coordinator.CheckpointAsync(CheckpointKind.Final, null, CancellationToken.None).ConfigureAwait(false);
            if (final is not null || attempt == FinalCheckpointAttempts) return final;
            if (Coordinator.LastFailure is not { Reason: CheckpointFailureReason.StorageFailed or CheckpointFailureReason.Timeout }) return null;
            await Task.Delay(FinalCheckpointRetryDelay * attempt).ConfigureAwait(false);
        }
    }

    /// <summary>How often the final checkpoint is tried before the attempt fails (and the restart strategy decides).</summary>
    internal const int FinalCheckpointAttempts = 3;

    private static readonly TimeSpan FinalCheckpointRetryDelay = TimeSpan.FromMilliseconds(50);

    private async Task<AttemptOutcome> EndFencedAsync(Exception fenced)
    {
        await CloseAllAsync().ConfigureAwait(false);
        ReportRecordsEmitted();
        return new AttemptOutcome(null, fenced, null);
    }

    /// <summary>Closes every worker, even after one failed; returns the first failure.</summary>
    private async Task<Exception?> CloseAllAsync()
    {
        Exception? first = null;
        foreach (var worker in workers)
        {
            try
            {
                await worker.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        return first;
    }

    /// <summary>Adds what each worker's subtasks emitted since the last report, so a long job's rate shows while it runs.</summary>
    private void ReportRecordsEmitted()
    {
        lock (reporting)
        {
            var total = 0L;
            for (var i = 0; i < workers.Length; i++)
            {
                // A live reading can lag a previous one by a few records (see SourceSubtask.RecordsEmitted): report only growth.
                var emitted = workers[i].RecordsEmitted;
                if (emitted <= recordsReported[i]) continue;
                total += emitted - recordsReported[i];
                recordsReported[i] = emitted;
            }
            if (total > 0) CheckpointingMetrics.RecordsEmitted.Add(total, CheckpointingMetrics.Job(JobName));
        }
    }
}
