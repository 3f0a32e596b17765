using Checkpointing.Execution;
using Checkpointing.Format;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// The job's control's side of a worker on another silo: each <see cref="IWorker"/> call becomes one call of that
/// silo's <see cref="IWorkerGrain"/>, for this attempt. The worker writes the state files itself; it sends their bytes
/// back so the control keeps the checkpoint's state for restarts exactly as with a local worker. For attempt
/// <c>run</c> of the job grain on silo <c>coordinator</c>; <c>weight</c> is the silo's (asked when the silo joined).
/// Every call ends as soon as <c>lost</c> is cancelled (the silo left, or is a suspect: see <see cref="ClusterWorkers"/>),
/// and a call that fails tells <c>failed</c>, which decides whether the silo is unreachable.
/// </summary>
internal sealed class RemoteWorker(
    IWorkerGrain grain, string silo, int weight, string coordinator, JobSettings settings, RunId run, ILogger logger, CancellationToken lost, Action<Exception> failed) : IWorker
{
    // A reading as of the last reply: IWorker.RecordsEmitted is read synchronously, between checkpoints.
    private long recordsEmitted;

    public string Silo { get; } = silo;

    public long RecordsEmitted => Interlocked.Read(ref recordsEmitted);

    public int Weight { get; } = weight;

    /// <summary>How many subtasks this worker was given.</summary>
    public int Deployed { get; private set; }

    public async Task DeployAsync(IReadOnlyList<SubtaskDeployment> deployments)
    {
        var encoded = DeploymentCodec.Encode(deployments);
        await Call(grain.DeployAsync(run, coordinator, settings.Parallelism, encoded)).ConfigureAwait(false);
        Deployed = deployments.Count;
        logger.WorkerDeployed(settings.JobName, Silo, run.ToString(), deployments.Count, deployments.Sum(d => d.StateBytes));
    }

    public Task OpenAsync() => Call(grain.OpenAsync(run));

    public Task StartAsync() => Call(grain.StartAsync(run));

    public async Task<IReadOnlyList<TimeSpan>> SnapshotAsync(long checkpointId, long timestamp, bool muteAfter)
    {
        var reply = await Call(grain.SnapshotAsync(run, checkpointId, timestamp, muteAfter)).ConfigureAwait(false);
        Interlocked.Exchange(ref recordsEmitted, reply.RecordsEmitted);
        return reply.LockHeld;
    }

    public async Task<IReadOnlyList<WrittenSubtaskState>> WriteAsync(long checkpointId, CheckpointTarget target, CancellationToken cancellationToken)
    {
        var files = await Call(grain.WriteAsync(run, checkpointId, target.Location).WaitAsync(cancellationToken)).ConfigureAwait(false);
        return [.. files.Select(file =>
        {
            var id = new SubtaskId(file.Source, file.Index);
            var parts = SubtaskStateFile.Decode(file.Bytes, checkpointId, $"state file {id.StateFileName} of checkpoint {checkpointId}, sent by the worker on silo {Silo}");
            return new WrittenSubtaskState(id, new StateFileInfo(id.StateFileName, file.Bytes.Length, Envelope.Checksum(file.Bytes)), parts);
        })];
    }

    public Task NotifyCompleteAsync(long checkpointId) => Call(grain.NotifyCompleteAsync(run, checkpointId));

    public Task NotifyAbortedAsync(long checkpointId) => Call(grain.NotifyAbortedAsync(run, checkpointId));

    public Task UnmuteAsync() => Call(grain.UnmuteAsync(run));

    // Ending an attempt must reach every live worker even when one silo is gone: a lost worker is logged, not thrown;
    // a worker that answers with a failed close throws it, and the job's control decides what it means.
    public async Task StopAsync(TimeSpan timeout)
    {
        var (answered, emitted) = await EndAsync(grain.StopAsync(run, timeout), timeout, nameof(StopAsync)).ConfigureAwait(false);
        if (answered) Interlocked.Exchange(ref recordsEmitted, emitted);
    }

    public async Task CloseAsync()
    {
        var (answered, reply) = await EndAsync(grain.CloseAsync(run), settings.CancellationTimeout, nameof(CloseAsync)).ConfigureAwait(false);
        if (!answered) return;
        Interlocked.Exchange(ref recordsEmitted, reply!.RecordsEmitted);
        if (reply.Failure is { } failure) throw new OperatorCloseException($"{failure} (on silo {Silo})");
    }

    /// <summary>Whether the worker answered in time, and its answer; a worker that did not is logged.</summary>
    private async Task<(bool Answered, TReply? Reply)> EndAsync<TReply>(Task<TReply> call, TimeSpan timeout, string what)
    {
        try
        {
            return (true, await Call(call.WaitAsync(timeout + TimeSpan.FromSeconds(10))).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.WorkerUnreachable(e, settings.JobName, Silo, what, run.ToString());
            return (false, default);
        }
    }

    /// <summary>
    /// The call, or a <see cref="RemoteSubtaskException"/> as soon as the silo is lost; a call that fails reports its
    /// error first, so that a silo found unreachable is suspected before the attempt it failed restarts.
    /// </summary>
    private async Task Call(Task call)
    {
        try
        {
            await call.WaitAsync(lost).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            throw Abandoned();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failed(e);
            throw;
        }
    }

    private async Task<T> Call<T>(Task<T> call)
    {
        try
        {
            return await call.WaitAsync(lost).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            throw Abandoned();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failed(e);
            throw;
        }
    }

    private RemoteSubtaskException Abandoned() =>
        new($"Silo {Silo}, which runs subtasks of job '{settings.JobName}', was lost during attempt {run}; the call to it was abandoned.");
}
