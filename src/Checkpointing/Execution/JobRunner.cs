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
        var restorePoint = await LoadInitialRestorePointAsync().ConfigureAwait(false);
        var lastId = Math.Max(await settings.Storage.HighestIdAsync(JobName).ConfigureAwait(false), restorePoint?.CheckpointId ?? 0);
        var restarts = 0;
        foreach (var op in settings.Pipelines.SelectMany(p => p.Operators).Where(o => o.ExplicitUid is null))
            logger.OperatorWithoutUid(
                op.Uid, op.Kind, JobName);
        CheckDistinctUids();
        logger.JobStarting(JobName, settings.Parallelism,
            restorePoint is null ? "" : $" from checkpoint {restorePoint.CheckpointId} at {restorePoint.Location}");

        while (true)
        {
            var execution = new JobExecution(settings, restarts, restorePoint, lastId, logger);
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
        }
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

    private async Task<CompletedCheckpoint?> LoadInitialRestorePointAsync()
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
        var candidates = await settings.Storage.ListCheckpointsAsync(JobName).ConfigureAwait(false);
        return await StorageReading.LoadNewestForResumeAsync(candidates, JobName, settings.StartFreshIfNoneLoads, logger).ConfigureAwait(false);
    }

    private void CheckDistinctUids()
    {
        var duplicate = settings.Pipelines.SelectMany(p => p.Operators).GroupBy(o => o.Uid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Job '{JobName}': operator uid '{duplicate.Key}' is used by {duplicate.Count()} operators; uids must be unique.");
    }
}
