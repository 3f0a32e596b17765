using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Scaling;

/// <summary>
/// Rescales a job whose parallelism follows its silos once the membership has been quiet for the settle delay: every
/// change (a silo joining or leaving) restarts the wait, so several joins in a row make one rescale. Then, once an
/// attempt runs (a restart in progress is waited for), a job whose parallelism is not the one the active silos call for
/// is rescaled through a savepoint — unless a silo of its attempt is gone: that attempt fails, and its restart runs at
/// the new parallelism already. One rescale at a time: the loop runs them one after the other, in the job grain's turns.
/// </summary>
internal sealed class SiloRescaler : IAsyncDisposable
{
    private readonly string jobName;
    private readonly SiloScaling scaling;
    private readonly IClusterMembershipService membership;
    private readonly ILogger logger;
    private readonly Func<CancellationToken, Task<int?>> runningParallelism;
    private readonly Func<int, Task> rescale;
    private readonly SemaphoreSlim changes = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;

    private SiloRescaler(string jobName, SiloScaling scaling, IClusterMembershipService membership, ILogger logger, Func<CancellationToken, Task<int?>> runningParallelism, Func<int, Task> rescale)
    {
        this.jobName = jobName;
        this.scaling = scaling;
        this.membership = membership;
        this.logger = logger;
        this.runningParallelism = runningParallelism;
        this.rescale = rescale;
        // The membership is read on pool threads; the loop continues on the caller's scheduler (the job grain's).
        pump = Task.Run(() => PumpAsync(stopping.Token));
        _ = RunAsync(stopping.Token);
    }

    /// <summary>
    /// Starts watching. <paramref name="runningParallelism"/>: the parallelism of the attempt that runs, once one runs;
    /// null when the job has ended (the rescaler stops). <paramref name="rescale"/>: rescales the job through a savepoint.
    /// </summary>
    public static SiloRescaler Start(string jobName, SiloScaling scaling, IClusterMembershipService membership, ILogger logger, Func<CancellationToken, Task<int?>> runningParallelism, Func<int, Task> rescale) =>
        new(jobName, scaling, membership, logger, runningParallelism, rescale);

    private async Task PumpAsync(CancellationToken token)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(token).ConfigureAwait(false)) changes.Release();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(CancellationToken token)
    {
        var settle = scaling.Scaling.SettleDelay;
        try
        {
            while (true)
            {
                await changes.WaitAsync(token).ConfigureAwait(true);
                // Debounce: every further change within the settle delay restarts it.
                while (await changes.WaitAsync(settle, token).ConfigureAwait(true))
                {
                }
                if (!await ReconcileAsync(token).ConfigureAwait(true)) return;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>Rescales the job when the active silos call for another parallelism than it runs at; false once the job has ended.</summary>
    private async Task<bool> ReconcileAsync(CancellationToken token)
    {
        if (await runningParallelism(token).ConfigureAwait(true) is not { } running) return false;
        var snapshot = membership.CurrentSnapshot;
        var active = SiloScaling.ActiveSilos(snapshot);
        var target = scaling.Scaling.ParallelismFor(active);
        if (target == running) return true;
        var runningSilos = scaling.AttemptSilos.Count;
        if (!scaling.AttemptSilosActive(snapshot))
        {
            logger.RescaleLeftToRestart(jobName, running, runningSilos, target, active);
            return true;
        }
        logger.RescaleStarting(jobName, running, runningSilos, target, active, scaling.Scaling.SettleDelay);
        try
        {
            await rescale(target).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stopped meanwhile (the grain deactivates): its next activation resumes the job.
            if (token.IsCancellationRequested) return false;
            logger.RescaleFailed(e, jobName, running, target, scaling.Scaling.SettleDelay);
            // Counts as a change: the next try comes once the membership has been quiet for the settle delay again.
            changes.Release();
        }
        return true;
    }

    /// <summary>Stops watching; a rescale under way finishes by itself (the loop ends after it).</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        stopping.Dispose();
    }
}
