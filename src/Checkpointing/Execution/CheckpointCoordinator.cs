using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Checkpointing.Format;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>What kind of checkpoint to take.</summary>
internal enum CheckpointKind
{
    Periodic,
    Final,
    Savepoint,
    StopSavepoint,
}

/// <summary>
/// Takes checkpoints of one job execution, one at a time (Flink's CheckpointCoordinator): every worker snapshots its
/// subtasks under their locks, then writes their files outside the locks; the metadata goes last, once every file is
/// durable; only then are listeners notified. Ids increase strictly and continue across restarts. With a job epoch
/// (<see cref="JobSettings.Epoch"/>) it checks the epoch claims before each metadata write and again before telling
/// listeners: once a higher epoch is claimed it is stale, and it ends the job with <see cref="JobFencedException"/>.
/// Those checks, like every storage call here, run outside the checkpoint locks.
/// </summary>
internal sealed class CheckpointCoordinator(JobSettings settings, IReadOnlyList<IWorker> workers, Action<Exception> failJob, ILogger logger, long lastId)
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly Retention retention = new(settings.Storage, settings.JobName, settings.MaxRetainedCheckpoints, settings.Epoch, logger);
    private long lastNotified;

    // Set once a stop-with-savepoint succeeded: sources no longer pass records on, but their state may still move,
    // so any later checkpoint would claim records that were never delivered.
    private bool stopped;

    /// <summary>The highest id used so far.</summary>
    public long LastId => Interlocked.Read(ref lastId);

    /// <summary>The latest completed checkpoint or savepoint of this execution.</summary>
    public CompletedCheckpoint? Latest { get; private set; }

    /// <summary>Total time subtask locks were held for snapshots, and how many snapshots; for the samples' progress line.</summary>
    public (TimeSpan Total, TimeSpan Max, int Count) LockHeld { get; private set; }

    /// <summary>
    /// Takes one checkpoint. Returns it when complete; null when it was aborted (logged and listeners told). A savepoint
    /// that fails throws instead, so the caller learns why.
    /// </summary>
    public async Task<CompletedCheckpoint?> CheckpointAsync(CheckpointKind kind, string? savepointDirectory, CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (stopped)
            {
                if (kind is CheckpointKind.Savepoint or CheckpointKind.StopSavepoint)
                    throw new InvalidOperationException($"Job '{settings.JobName}' was stopped with a savepoint; no further savepoint can be taken.");
                return null;
            }
            var completed = await TakeAsync(kind, savepointDirectory, cancellationToken).ConfigureAwait(false);
            if (kind == CheckpointKind.StopSavepoint) stopped = true;
            return completed;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<CompletedCheckpoint?> TakeAsync(CheckpointKind kind, string? savepointDirectory, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref lastId);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var isSavepoint = kind is CheckpointKind.Savepoint or CheckpointKind.StopSavepoint;
        var mute = kind == CheckpointKind.StopSavepoint;
        var started = Stopwatch.GetTimestamp();
        logger.CheckpointTriggering(kind, id, settings.JobName);
        CheckpointTarget target;
        try
        {
            target = isSavepoint ? settings.Storage.BeginSavepoint(savepointDirectory!, settings.JobName, id) : settings.Storage.BeginCheckpoint(settings.JobName, id, settings.Epoch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await AbortAsync(new Attempt(id, kind, null), CheckpointFailureReason.StorageFailed, e.Message, e).ConfigureAwait(false);
        }
        var attempt = new Attempt(id, kind, target);

        // Every worker snapshots its subtasks under their locks, in parallel.
        var snapshotting = Task.WhenAll(workers.Select(w => w.SnapshotAsync(id, timestamp, mute)));
        IReadOnlyList<TimeSpan>[] lockTimes;
        try
        {
            // The timeout covers the wait for the locks too: a source that never releases its lock cannot stall checkpointing.
            lockTimes = await snapshotting.WaitAsync(settings.CheckpointTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Stragglers still take their snapshot later; a stop must not leave their sources muted.
            if (mute) _ = snapshotting.ContinueWith(_ => Task.WhenAll(workers.Select(w => w.UnmuteAsync())), TaskScheduler.Default).Unwrap();
            return e is TimeoutException
                ? await AbortAsync(attempt with { Unmute = false }, CheckpointFailureReason.Timeout, $"the checkpoint locks were not all acquired within {settings.CheckpointTimeout}", e).ConfigureAwait(false)
                : await AbortAsync(attempt with { Unmute = false }, CheckpointFailureReason.JobEnding, "the job is ending", e).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await AbortAsync(attempt, CheckpointFailureReason.SnapshotFailed, e.Message, e).ConfigureAwait(false);
        }

        RecordLockTimes(lockTimes);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.CheckpointTimeout);
        var committed = false;
        try
        {
            // Each worker writes its subtasks' files; the metadata, listing them in subtask order, goes last.
            var written = await Task.WhenAll(workers.Select(w => w.WriteAsync(id, target, timeout.Token))).ConfigureAwait(false);
            var states = written.SelectMany(w => w).OrderBy(s => s.Subtask.Source).ThenBy(s => s.Subtask.Index).ToList();
            var files = states.ConvertAll(s => s.File);
            var metadata = new CheckpointMetadata(id, timestamp, settings.JobName, isSavepoint, files, settings.Epoch).ToBytes();
            await EpochFencing.CheckAsync(settings.Storage, settings.JobName, settings.Epoch, "before its metadata was written", timeout.Token).ConfigureAwait(false);
            await target.CommitAsync(metadata, timeout.Token).ConfigureAwait(false);
            committed = true;
            // A newer run may have claimed the job while the metadata was written: then it is not this one's to
            // complete. It stays (the newer run may restore from it; if it listed before, the checkpoint is void).
            await EpochFencing.CheckAsync(settings.Storage, settings.JobName, settings.Epoch, "before its completion was notified", CancellationToken.None).ConfigureAwait(false);
            var completed = CompletedCheckpoint.FromParts(id, timestamp, target.Location, states.SelectMany(s => s.Parts));
            Latest = completed;
            LastFailure = null;
            var job = CheckpointingMetrics.Job(settings.JobName);
            var kindTag = CheckpointingMetrics.Kind(isSavepoint);
            CheckpointingMetrics.CheckpointsCompleted.Add(1, job, kindTag);
            CheckpointingMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, job, kindTag);
            CheckpointingMetrics.CheckpointSize.Record(files.Sum(f => f.Length) + metadata.Length, job, kindTag);
            logger.CheckpointCompleted(
                isSavepoint ? "savepoint" : "checkpoint", id, settings.JobName, target.Location, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!isSavepoint) await retention.ApplyAsync(id, CancellationToken.None).ConfigureAwait(false);
            await NotifyCompleteAsync(id).ConfigureAwait(false);
            return completed;
        }
        catch (JobFencedException e)
        {
            return await AbortAsync(committed ? attempt with { Target = null } : attempt, CheckpointFailureReason.Fenced, e.Message, e).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var timedOut = e is OperationCanceledException && !cancellationToken.IsCancellationRequested;
            return await AbortAsync(attempt, timedOut ? CheckpointFailureReason.Timeout : CheckpointFailureReason.StorageFailed,
                timedOut ? $"timed out after {settings.CheckpointTimeout}" : e.Message, e).ConfigureAwait(false);
        }
    }

    /// <summary>The latest checkpoint that was aborted since the last one completed, with its cause; null after a success.</summary>
    public CheckpointFailure? LastFailure { get; private set; }

    /// <summary>A checkpoint in flight: what an abort must undo.</summary>
    private sealed record Attempt(long Id, CheckpointKind Kind, CheckpointTarget? Target)
    {
        public bool IsSavepoint => Kind is CheckpointKind.Savepoint or CheckpointKind.StopSavepoint;

        /// <summary>Whether the abort unmutes the sources of a stop-with-savepoint (not when stragglers still snapshot).</summary>
        public bool Unmute { get; init; } = Kind == CheckpointKind.StopSavepoint;
    }

    /// <summary>
    /// The one way a checkpoint ends without completing (Flink's CheckpointFailureManager): what was written is removed,
    /// the metric counted, the cause logged and kept, listeners told; a throwing snapshot also fails the job, and a
    /// savepoint's caller gets the cause as an exception.
    /// </summary>
    private async Task<CompletedCheckpoint?> AbortAsync(Attempt attempt, CheckpointFailureReason reason, string why, Exception cause)
    {
        if (attempt.Target is { } target)
        {
            try
            {
                await target.AbortAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.CheckpointCleanupFailed(e, attempt.Id, settings.JobName, target.Location);
            }
        }
        if (attempt.Unmute) await Task.WhenAll(workers.Select(w => w.UnmuteAsync())).ConfigureAwait(false);
        CheckpointingMetrics.CheckpointsFailed.Add(1, CheckpointingMetrics.Job(settings.JobName), CheckpointingMetrics.Kind(attempt.IsSavepoint));
        var what = attempt.IsSavepoint ? "Savepoint" : "Checkpoint";
        var failure = new CheckpointFailure(attempt.Id, reason, $"{what} {attempt.Id} of job '{settings.JobName}' failed: {why}", cause);
        LastFailure = failure;
        if (reason == CheckpointFailureReason.Fenced)
        {
            // Not a failure of this checkpoint but of the run: it ends, and a savepoint's caller learns why.
            logger.CheckpointAborted(cause, attempt.Id, settings.JobName, reason, why);
            NotifyAborted(attempt.Id);
            failJob(cause);
            if (attempt.IsSavepoint) ExceptionDispatchInfo.Throw(cause);
            return null;
        }
        if (reason == CheckpointFailureReason.SnapshotFailed)
        {
            // A function threw from SnapshotState: that is a failure of the job, not of storage.
            logger.CheckpointSnapshotFailed(cause, attempt.Id, settings.JobName);
            failJob(cause);
            if (attempt.IsSavepoint) ExceptionDispatchInfo.Throw(cause);
            return null;
        }
        logger.CheckpointAborted(cause, attempt.Id, settings.JobName, reason, why);
        NotifyAborted(attempt.Id);
        if (attempt.IsSavepoint) throw failure.ToException();
        return null;
    }

    private void RecordLockTimes(IReadOnlyList<TimeSpan>[] perWorker)
    {
        var (total, max, count) = LockHeld;
        foreach (var held in perWorker.SelectMany(w => w))
        {
            CheckpointingMetrics.LockHeld.Record(held.TotalMicroseconds, CheckpointingMetrics.Job(settings.JobName));
            total += held;
            if (held > max) max = held;
            count++;
        }
        LockHeld = (total, max, count);
    }

    private async Task NotifyCompleteAsync(long id)
    {
        // Ids complete in order (one checkpoint at a time), so listeners never see a lower id after a higher one.
        if (id <= lastNotified) return;
        lastNotified = id;
        await Task.WhenAll(workers.Select(w => w.NotifyCompleteAsync(id))).ConfigureAwait(false);
    }

    // Not awaited: a subtask whose lock cannot be had (the reason a checkpoint may have timed out) must not stall the
    // coordinator. Aborts only inform; they never reorder completions.
    private void NotifyAborted(long id)
    {
        foreach (var worker in workers) _ = worker.NotifyAbortedAsync(id);
    }
}
