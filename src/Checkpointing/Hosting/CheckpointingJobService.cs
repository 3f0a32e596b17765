using Checkpointing.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing;

/// <summary>One job run by the host: started with it, stopped with a savepoint when it stops.</summary>
public sealed class CheckpointingJobService : IHostedService
{
    private readonly CheckpointingJobOptions options;
    private readonly Action<StreamExecutionEnvironment> configure;
    private readonly ILoggerFactory loggerFactory;
    private readonly IHostApplicationLifetime? lifetime;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<JobResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool stopping;

    internal CheckpointingJobService(string jobName, CheckpointingJobOptions options, Action<StreamExecutionEnvironment> configure,
        ILoggerFactory? loggerFactory, IHostApplicationLifetime? lifetime)
    {
        JobName = jobName;
        this.options = options;
        this.configure = configure;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        this.lifetime = lifetime;
        logger = this.loggerFactory.CreateLogger("Checkpointing.Hosting");
    }

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The running job, once the host has started it.</summary>
    public JobClient? Client { get; private set; }

    /// <summary>The savepoint or checkpoint this run restored from, if any.</summary>
    public string? RestoredFrom { get; private set; }

    /// <summary>The savepoint taken when the host stopped, if any.</summary>
    public string? ShutdownSavepoint { get; private set; }

    /// <summary>Completes when the job has ended, however it ended; faults when it failed beyond its restart strategy.</summary>
    public Task<JobResult> Completion => completion.Task;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var env = new StreamExecutionEnvironment { LoggerFactory = loggerFactory };
        configure(env);
        if (options.RestoreOnStart) await ChooseRestorePointAsync(env, cancellationToken).ConfigureAwait(false);
        Client = await env.StartAsync(JobName).ConfigureAwait(false);
        _ = WatchAsync(Client);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        if (Client is not { } client || client.Completion.IsCompleted) return;
        if (options.StopWithSavepointOnShutdown)
        {
            try
            {
                ShutdownSavepoint = await client.StopWithSavepointAsync(options.SavepointDirectory).WaitAsync(cancellationToken).ConfigureAwait(false);
                logger.HostedJobStoppedWithSavepoint(JobName, ShutdownSavepoint);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Out of time, or the job ended meanwhile: cancelling still ends it cleanly; the next start resumes from its latest checkpoint.
                logger.HostedJobStopSavepointFailed(e, JobName);
                await client.CancelAsync().ConfigureAwait(false);
            }
        }
        else
        {
            await client.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // WatchAsync has logged the failure; stopping the host must not throw it again.
        }
    }

    // The newest of the job's savepoints and checkpoints that loads (a savepoint wins a tie: it was asked for).
    private async Task ChooseRestorePointAsync(StreamExecutionEnvironment env, CancellationToken cancellationToken)
    {
        if (env.HasRestoreSetting) return;
        var storage = env.CheckpointStorage;
        var savepoints = await storage.ListSavepointsAsync(options.SavepointDirectory, JobName, cancellationToken).ConfigureAwait(false);
        var history = await EpochHistory.ReadAsync(storage, JobName, cancellationToken).ConfigureAwait(false);
        var checkpoints = StorageReading.SkipVoid(await storage.ListCheckpointsAsync(JobName, cancellationToken).ConfigureAwait(false), history, JobName, logger);
        var candidates = savepoints.Select(s => (Stored: s, IsSavepoint: true)).Concat(checkpoints.Select(c => (Stored: c, IsSavepoint: false)))
            .OrderByDescending(c => c.Stored.CheckpointId).ThenByDescending(c => c.IsSavepoint).Select(c => c.Stored).ToList();
        var chosen = await StorageReading.LoadNewestForResumeAsync(candidates, JobName, options.StartFreshIfNoneLoads, logger, cancellationToken).ConfigureAwait(false);
        if (chosen is null) return;
        env.RestoreFrom(chosen.Location);
        RestoredFrom = chosen.Location;
        logger.HostedJobRestoring(JobName, RestoredFrom);
    }

    private async Task WatchAsync(JobClient client)
    {
        try
        {
            var result = await client.Completion.ConfigureAwait(false);
            logger.HostedJobEnded(JobName, result.Status, result.Restarts);
            completion.TrySetResult(result);
        }
        catch (Exception e)
        {
            logger.HostedJobFailed(e, JobName);
            completion.TrySetException(e);
        }
        if (!stopping && options.StopHostWhenJobEnds) lifetime?.StopApplication();
    }
}
