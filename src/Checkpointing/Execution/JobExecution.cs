using Checkpointing.Snapshots;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>How one execution attempt ended.</summary>
internal sealed record AttemptOutcome(JobStatus? Status, Exception? Failure, string? SavepointPath);

/// <summary>
/// One attempt at running the job: fresh function instances, restored from a checkpoint if there is one, opened,
/// run on one thread per source subtask, checkpointed periodically, and ended by finishing, failing, a cancel or a
/// stop with savepoint.
/// </summary>
internal sealed class JobExecution : SubtaskHost
{
    private readonly JobSettings settings;
    private readonly int attempt;
    private readonly CompletedCheckpoint? restorePoint;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<AttemptOutcome> ending = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopCheckpoints = new();
    private readonly List<ISubtask> subtasks = [];
    private readonly Lock reporting = new();
    private long[] recordsReported = [];
    private int running;

    public JobExecution(JobSettings settings, int attempt, CompletedCheckpoint? restorePoint, long lastCheckpointId, ILogger logger)
    {
        this.settings = settings;
        this.attempt = attempt;
        this.restorePoint = restorePoint;
        this.logger = logger;
        Coordinator = new CheckpointCoordinator(settings, subtasks, Fail, logger, lastCheckpointId);
    }

    public override string JobName => settings.JobName;
    public override int Parallelism => settings.Parallelism;
    public CheckpointCoordinator Coordinator { get; }
    public IReadOnlyList<ISubtask> Subtasks => subtasks;

    /// <summary>Set once every subtask runs; savepoint requests wait for it.</summary>
    public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsEnding => ending.Task.IsCompleted;

    /// <summary>Ending because a subtask failed: a restart may follow.</summary>
    public bool IsFailing => ending.Task.IsCompletedSuccessfully && ending.Task.Result.Failure is not null;

    /// <summary>Runs the attempt to its end. Restore problems throw <see cref="CheckpointRestoreException"/>: restarting would not fix them.</summary>
    public async Task<AttemptOutcome> RunAsync()
    {
        CreateSubtasks();
        Restore();
        if (!Open()) return await FinishAsync(await ending.Task.ConfigureAwait(false)).ConfigureAwait(false);

        SnapshotWarmUp.Run();
        running = subtasks.Count;
        foreach (var subtask in subtasks) subtask.Start();
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

    public override void SubtaskFinished(ISubtask subtask)
    {
        if (Interlocked.Decrement(ref running) == 0) ending.TrySetResult(new AttemptOutcome(JobStatus.Finished, null, null));
    }

    public override void SubtaskEmitsWithoutLock(ISubtask subtask) =>
        logger.SubtaskEmitsWithoutLock(
            subtask.Index, subtask.Operators[0].Uid, JobName);

    public override void SubtaskFailed(ISubtask subtask, Exception error)
    {
        if (IsEnding) return; // Sources may throw when cancelled; the job is already ending for another reason.
        logger.SubtaskFailed(error, subtask.Index, JobName);
        Fail(error);
    }

    private void Fail(Exception error) => ending.TrySetResult(new AttemptOutcome(null, error, null));

    private void CreateSubtasks()
    {
        foreach (var pipeline in settings.Pipelines)
            for (var i = 0; i < settings.Parallelism; i++)
                subtasks.Add(pipeline.CreateSubtask(i, this));
        foreach (var subtask in subtasks)
            foreach (var op in subtask.Operators)
                if (op.Rich is { } rich)
                    rich.RuntimeContext = new RuntimeContext(JobName, op.Uid, subtask.Index, Parallelism, attempt, settings.LoggerFactory.CreateLogger(op.Function.GetType()));
    }

    private void Restore()
    {
        if (restorePoint is null) return;
        var known = subtasks.SelectMany(s => s.Operators).Select(o => o.Uid).ToHashSet(StringComparer.Ordinal);
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
        {
            if (!known.Contains(uid)) continue;
            var shares = StateAssignment.Assign(snapshot, Parallelism);
            foreach (var subtask in subtasks)
                foreach (var op in subtask.Operators.Where(o => o.Uid == uid))
                    FunctionState.Restore(op.Function, uid, restorePoint.CheckpointId, subtask.Index, Parallelism, snapshot.Parallelism, shares[subtask.Index], settings.AllowNonRestoredState);
        }
        logger.CheckpointRestored(
            JobName, restorePoint.CheckpointId, restorePoint.Location, Parallelism);
    }

    private bool Open()
    {
        try
        {
            // Downstream functions open first, so a source never emits into an unopened sink.
            foreach (var subtask in subtasks)
                for (var i = subtask.Operators.Count - 1; i >= 0; i--)
                    subtask.Operators[i].Rich?.Open();
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
            var final = await Coordinator.CheckpointAsync(CheckpointKind.Final, null, CancellationToken.None).ConfigureAwait(false);
            if (final is null)
            {
                // Say why: the user may have no logger, and "a checkpoint failed" alone does not say what to fix.
                var failure = Coordinator.LastFailure;
                var message = failure is null ? $"The final checkpoint of job '{JobName}' failed." : $"The final checkpoint of job '{JobName}' failed: {failure.Message}";
                outcome = new AttemptOutcome(null, new IOException(message, failure?.Cause), null);
            }
        }
        else
        {
            StopSources();
        }
        Close();
        ReportRecordsEmitted();
        return outcome;
    }

    /// <summary>Adds what each subtask emitted since the last report, so a long job's rate shows while it runs.</summary>
    private void ReportRecordsEmitted()
    {
        lock (reporting)
        {
            if (recordsReported.Length != subtasks.Count) recordsReported = new long[subtasks.Count];
            var total = 0L;
            for (var i = 0; i < subtasks.Count; i++)
            {
                // A live reading can lag a previous one by a few records (see SourceSubtask.RecordsEmitted): report only growth.
                var emitted = subtasks[i].RecordsEmitted;
                if (emitted <= recordsReported[i]) continue;
                total += emitted - recordsReported[i];
                recordsReported[i] = emitted;
            }
            if (total > 0) CheckpointingMetrics.RecordsEmitted.Add(total, CheckpointingMetrics.Job(JobName));
        }
    }

    private void StopSources()
    {
        foreach (var subtask in subtasks)
        {
            try
            {
                subtask.Cancel();
            }
            catch (Exception e)
            {
                logger.SubtaskCancelFailed(e, subtask.Index);
            }
        }
        foreach (var subtask in subtasks)
            if (!subtask.Join(settings.CancellationTimeout))
                logger.SubtaskAbandoned(
                    subtask.Index, JobName, settings.CancellationTimeout);
    }

    private void Close()
    {
        foreach (var subtask in subtasks)
            foreach (var op in subtask.Operators)
            {
                try
                {
                    op.Rich?.Close();
                }
                catch (Exception e)
                {
                    logger.OperatorCloseFailed(e, op.Uid, subtask.Index);
                }
            }
    }
}
