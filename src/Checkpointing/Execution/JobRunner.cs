using System.Runtime.ExceptionServices;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>Runs a job through its attempts: restores, restarts after failures as the strategy allows, and serves client requests.</summary>
internal sealed class JobRunner(JobSettings settings)
{
    private readonly ILogger logger = settings.LoggerFactory.CreateLogger("Checkpointing.Job");
    private readonly CancellationTokenSource cancel = new();
    private TaskCompletionSource<JobExecution> current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string JobName => settings.JobName;

    /// <summary>The id of the latest completed checkpoint or savepoint of the job, 0 if none yet.</summary>
    public long LatestCheckpointId => current.Task.IsCompletedSuccessfully && current.Task.Result.Coordinator.Latest is { } latest ? latest.CheckpointId : latestBefore;

    private long latestBefore;

    public async Task<JobResult> RunAsync()
    {
        try
        {
            return await RunAttemptsAsync().ConfigureAwait(false);
        }
        finally
        {
            ended = true;
        }
    }

    private async Task<JobResult> RunAttemptsAsync()
    {
        // The epoch is claimed before anything is listed: a run that lists first could choose a restore point that a
        // stale coordinator then builds on unseen.
        var history = await EpochFencing.ClaimAsync(settings.Storage, JobName, settings.Epoch).ConfigureAwait(false);
        var restorePoint = await LoadInitialRestorePointAsync(history).ConfigureAwait(false);
        await EpochFencing.RecordRestoreAsync(settings.Storage, JobName, settings.Epoch, restorePoint?.CheckpointId ?? EpochClaim.NoRestorePoint, logger, history).ConfigureAwait(false);
        var lastId = Math.Max(await settings.Storage.HighestIdAsync(JobName).ConfigureAwait(false), restorePoint?.CheckpointId ?? 0);
        var restarts = 0;
        foreach (var op in settings.Pipelines.SelectMany(p => p.Operators).Where(o => o.ExplicitUid is null))
            logger.OperatorWithoutUid(
                op.Uid, op.Kind, JobName);
        CheckDistinctUids();
        var attemptSettings = SettingsOfAttempt(restarts);
        logger.JobStarting(JobName, attemptSettings.Parallelism,
            restorePoint is null ? "" : $" from checkpoint {restorePoint.CheckpointId} at {restorePoint.Location}");

        while (true)
        {
            var execution = new JobExecution(attemptSettings, restarts, restorePoint, lastId, logger);
            current.TrySetResult(execution);
            if (cancel.IsCancellationRequested) execution.RequestCancel();
            var outcome = await execution.RunAsync().ConfigureAwait(false);
            lastId = execution.Coordinator.LastId;
            restorePoint = execution.Coordinator.Latest ?? restorePoint;
            latestBefore = restorePoint?.CheckpointId ?? 0;
            if (outcome.Status is { } status)
            {
                logger.JobEnded(
                    JobName, status, restarts, restorePoint?.CheckpointId ?? 0);
                return new JobResult(JobName, status, restarts, restorePoint?.CheckpointId ?? 0, outcome.SavepointPath);
            }

            var failure = outcome.Failure!;
            if (failure is JobFencedException fenced)
            {
                // A restart would be the same stale run: the newer one owns the job now.
                logger.JobFenced(fenced, JobName, fenced.Epoch, fenced.FencedBy);
                ExceptionDispatchInfo.Throw(failure);
            }
            if (!settings.RestartStrategy.CanRestart(restarts) || cancel.IsCancellationRequested)
            {
                logger.RestartStrategyExhausted(failure, JobName, restarts, settings.RestartStrategy);
                ExceptionDispatchInfo.Throw(failure);
            }
            restarts++;
            CheckpointingMetrics.Restarts.Add(1, CheckpointingMetrics.Job(JobName));
            logger.JobRestarting(
                JobName, failure.Message, restarts, settings.RestartStrategy.Attempts, restorePoint?.CheckpointId ?? 0, settings.RestartStrategy.Delay);
            current = new TaskCompletionSource<JobExecution>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await Task.Delay(settings.RestartStrategy.Delay, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new JobResult(JobName, JobStatus.Cancelled, restarts, restorePoint?.CheckpointId ?? 0, null);
            }
            // Asked after the delay: the attempt runs at the parallelism of the moment it starts.
            attemptSettings = SettingsOfAttempt(restarts);
        }
    }

    /// <summary>
    /// The settings of attempt <paramref name="attempt"/>: the job's, at the parallelism <see cref="JobSettings.AttemptParallelism"/>
    /// gives when set. A restart at another parallelism restores the latest checkpoint as a savepoint restores at any:
    /// each operator's state is redistributed to the new subtasks.
    /// </summary>
    private JobSettings SettingsOfAttempt(int attempt)
    {
        if (settings.AttemptParallelism is not { } choose) return settings;
        var parallelism = choose(attempt);
        if (parallelism < 1 || parallelism > Format.StateCodec.MaxParallelism)
            throw new InvalidOperationException($"Job '{JobName}': attempt {attempt} was given parallelism {parallelism}; it must be between 1 and {Format.StateCodec.MaxParallelism}.");
        return parallelism == settings.Parallelism ? settings : settings with { Parallelism = parallelism };
    }

    /// <summary>
    /// The parallelism of the attempt that runs now, once one runs every subtask and is neither failing nor ending:
    /// waits while an attempt starts, or fails and the next one starts. Null once the job has ended. A cluster's
    /// scaling policy rescales only a job that runs, never one that is restarting.
    /// </summary>
    public async Task<int?> RunningParallelismAsync(CancellationToken cancellationToken)
    {
        while (!ended)
        {
            if (current.Task is { IsCompletedSuccessfully: true, Result: { IsEnding: false, Running.Task.IsCompleted: true } execution })
                return execution.Parallelism;
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    public async Task<string> SavepointAsync(string directory, bool stop)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        while (true)
        {
            var attempt = current;
            var execution = await attempt.Task.ConfigureAwait(false);
            await execution.Running.Task.ConfigureAwait(false);
            if (!execution.IsFailing) return await execution.TriggerSavepointAsync(directory, stop).ConfigureAwait(false);
            // The attempt is failing: the savepoint is taken by the next one, if the restart strategy allows one.
            while (current == attempt && !ended) await Task.Delay(10).ConfigureAwait(false);
            if (current == attempt) throw new InvalidOperationException($"Job '{JobName}' failed; no savepoint can be taken.");
        }
    }

    // Set once RunAsync has returned or thrown: no further attempt will start.
    private volatile bool ended;

    public void Cancel()
    {
        cancel.Cancel();
        if (current.Task.IsCompletedSuccessfully) current.Task.Result.RequestCancel();
    }

    private async Task<CompletedCheckpoint?> LoadInitialRestorePointAsync(EpochHistory history)
    {
        if (settings.RestorePath is { } path)
        {
            StoredCheckpoint stored;
            try
            {
                stored = settings.Storage.Open(path);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new DirectoryNotFoundException($"Cannot restore job '{JobName}': {e.Message}", e);
            }
            return await CompletedCheckpoint.LoadAsync(stored).ConfigureAwait(false);
        }
        if (!settings.ResumeFromLatest) return null;
        var candidates = StorageReading.SkipVoid(await settings.Storage.ListCheckpointsAsync(JobName).ConfigureAwait(false), history, JobName, logger);
        return await StorageReading.LoadNewestForResumeAsync(candidates, JobName, settings.StartFreshIfNoneLoads, logger).ConfigureAwait(false);
    }

    private void CheckDistinctUids()
    {
        var duplicate = settings.Pipelines.SelectMany(p => p.Operators).GroupBy(o => o.Uid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Job '{JobName}': operator uid '{duplicate.Key}' is used by {duplicate.Count()} operators; uids must be unique.");
    }
}
