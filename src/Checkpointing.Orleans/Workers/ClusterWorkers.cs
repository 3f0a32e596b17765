using System.Collections.Concurrent;
using Checkpointing.Execution;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// A job's workers in the cluster: each attempt gets one <see cref="RemoteWorker"/> per silo that is active when the
/// attempt starts and not a suspect, in a fixed order (by silo address) and with the silo's weight, so placement is
/// deterministic for the same set of silos. Routes the workers' events to the current attempt, and fails that attempt
/// when one of its silos leaves the cluster or becomes a suspect, so the job restarts from its latest complete
/// checkpoint on the silos that remain.
/// </summary>
/// <remarks>
/// Suspects: a silo killed with SIGKILL is unreachable at once (its connections are gone), but membership declares it
/// dead only after its probes time out — seconds, or tens of seconds with Orleans' defaults. A call failing first
/// restarts the job within a second, and an attempt placed by membership alone would include the dead silo and wait
/// on it until membership caught up. So a silo whose call failed as unreachable (<see cref="IsUnreachable"/>) is a
/// suspect: left out of placement, and its calls in the current attempt are abandoned at once (each
/// <see cref="RemoteWorker"/> awaits its calls against its silo's <c>lost</c> token). A suspect is probed every second
/// (its worker's <see cref="IWorkerGrain.GetWeightAsync"/>, bounded); it is cleared when it answers (a slow silo,
/// not a dead one) or forgotten once membership no longer lists it as active (then membership excludes it for good).
/// Suspicion, not a bound on each deploy: a deploy's duration grows with the restored state, so no fixed bound fits
/// every job, while an unreachable silo is known from the first failed call.
/// </remarks>
internal sealed class ClusterWorkers : IAsyncDisposable
{
    private readonly string jobName;
    private readonly long generation;
    private readonly SiloAddress coordinator;
    private readonly IClusterMembershipService membership;
    private readonly IGrainFactory grains;
    private readonly ILogger logger;
    private readonly CancellationTokenSource watching = new();
    private readonly Task watch;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<SiloAddress, int> weights = new();
    private readonly ConcurrentDictionary<SiloAddress, Task> suspects = new();
    private Attempt? current;

    /// <summary>The workers of job <paramref name="jobName"/> for the job grain of <paramref name="generation"/> on silo <paramref name="coordinator"/>.</summary>
    public ClusterWorkers(string jobName, long generation, SiloAddress coordinator, IClusterMembershipService membership, IGrainFactory grains, ILogger logger)
    {
        this.jobName = jobName;
        this.generation = generation;
        this.coordinator = coordinator;
        this.membership = membership;
        this.grains = grains;
        this.logger = logger;
        watch = Task.Run(() => WatchAsync(watching.Token));
    }

    /// <summary>The current attempt's number, -1 before the first.</summary>
    public int CurrentAttempt
    {
        get
        {
            lock (gate) return current?.Run.Attempt ?? -1;
        }
    }

    /// <summary>The silos of the current attempt that run subtasks, and how many each.</summary>
    public IReadOnlyList<WorkerPlacement> Placement
    {
        get
        {
            lock (gate)
                return current is null ? [] : [.. current.Workers.Where(w => w.Deployed > 0).Select(w => new WorkerPlacement(w.Silo, w.Deployed))];
        }
    }

    /// <summary>The <see cref="WorkerFactory"/> of the job: the workers of one attempt.</summary>
    public IReadOnlyList<IWorker> Create(JobSettings settings, int attempt, IWorkerEvents events, ILogger jobLogger)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        if (active.Count == 0) throw new InvalidOperationException($"Job '{jobName}' has no active silo to run on.");
        var suspected = active.Where(suspects.ContainsKey).ToList();
        // Every active silo suspected: trying them beats not running at all (the restart strategy bounds the tries).
        var silos = suspected.Count < active.Count ? active.Except(suspected).ToList() : active;
        var run = new RunId(generation, attempt);
        var lost = silos.ToDictionary(s => s, _ => new CancellationTokenSource());
        RemoteWorker[] workers =
        [
            .. silos.Select(s => new RemoteWorker(
                grains.GetGrain<IWorkerGrain>(WorkerKey.Of(jobName, s)), s.ToParsableString(), weights.GetValueOrDefault(s, 1), coordinator.ToParsableString(), settings, run, logger,
                lost[s].Token, e => Suspect(s, e))),
        ];
        Attempt? previous;
        lock (gate) (previous, current) = (current, new Attempt(run, events, [.. silos], workers, lost));
        previous?.Dispose();
        if (silos.Count < active.Count) logger.SuspectsLeftOut(run.ToString(), jobName, string.Join(", ", suspected));
        logger.AttemptPlaced(run.ToString(), jobName, silos.Count, string.Join(", ", silos));
        // A silo may have left between the snapshot above and now; the next membership update reports it.
        CheckMembers(membership.CurrentSnapshot);
        return workers;
    }

    /// <summary>
    /// Asks every active silo whose weight is not known yet for it (<see cref="CheckpointingWorkerOptions.Weight"/>):
    /// before the first attempt, and whenever the membership changes, so an attempt places by weights already known.
    /// A silo that does not answer counts as weight 1 until it does.
    /// </summary>
    public async Task LearnWeightsAsync(ClusterMembershipSnapshot snapshot)
    {
        var unknown = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active && !weights.ContainsKey(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
        await Task.WhenAll(unknown.Select(async s =>
        {
            try
            {
                weights[s] = await grains.GetGrain<IWorkerGrain>(WorkerKey.Of(jobName, s)).GetWeightAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.WeightUnknown(e, jobName, s.ToString());
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// A call to <paramref name="silo"/> failed with <paramref name="error"/>; when it says the silo is unreachable, the
    /// silo becomes a suspect (see the remarks above) and the current attempt, if it runs there, fails.
    /// </summary>
    public void Suspect(SiloAddress silo, Exception error)
    {
        if (!IsUnreachable(error) || watching.IsCancellationRequested) return;
        bool added;
        lock (gate)
        {
            added = !suspects.ContainsKey(silo);
            if (added) suspects[silo] = Task.Run(() => ProbeAsync(silo, watching.Token));
        }
        if (added) logger.SiloSuspected(error, silo.ToString(), jobName);
        FailAttemptOn(silo, "unreachable");
    }

    /// <summary>Whether <paramref name="silo"/> is a suspect now (left out of the next attempt's placement).</summary>
    public bool IsSuspect(SiloAddress silo) => suspects.ContainsKey(silo);

    /// <summary>Whether a failed call says its silo could not be reached at all (not that the worker answered with an error).</summary>
    public static bool IsUnreachable(Exception error) =>
        error is OrleansMessageRejectionException or SiloUnavailableException or global::Orleans.Runtime.Messaging.ConnectionFailedException
        || (error.InnerException is { } inner && IsUnreachable(inner));

    /// <summary>Probes a suspect until it answers (cleared) or membership no longer lists it as active (forgotten: membership excludes it).</summary>
    private async Task ProbeAsync(SiloAddress silo, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(ProbeInterval, token).ConfigureAwait(false);
                if (membership.CurrentSnapshot.GetSiloStatus(silo) != SiloStatus.Active) break;
                try
                {
                    await grains.GetGrain<IWorkerGrain>(WorkerKey.Of(jobName, silo)).GetWeightAsync().WaitAsync(ProbeTimeout, token).ConfigureAwait(false);
                    logger.SiloCleared(silo.ToString(), jobName);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // Still unreachable (or slower than the probe's bound): it stays a suspect.
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        suspects.TryRemove(silo, out _);
    }

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>An event a worker sent; one of an attempt that is no longer current is dropped.</summary>
    public void Deliver(RunId run, WorkerEvent e)
    {
        IWorkerEvents events;
        lock (gate)
        {
            if (current is null || current.Run != run) return;
            events = current.Events;
        }
        var id = new SubtaskId(e.Source, e.Index);
        switch (e.Kind)
        {
            case WorkerEventKind.SubtaskFinished:
                events.SubtaskFinished(id);
                break;
            case WorkerEventKind.SubtaskFailed:
                events.SubtaskFailed(id, new RemoteSubtaskException($"Subtask {id} of job '{jobName}' failed on its worker: {e.Detail}"));
                break;
            case WorkerEventKind.SubtaskEmitsWithoutLock:
                events.SubtaskEmitsWithoutLock(id, e.Detail ?? "");
                break;
            default:
                events.WorkerFailed(new RemoteSubtaskException($"A worker of job '{jobName}' failed: {e.Detail}"));
                break;
        }
    }

    private async Task WatchAsync(CancellationToken token)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(token).ConfigureAwait(false))
            {
                CheckMembers(snapshot);
                await LearnWeightsAsync(snapshot).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Fails the current attempt, once, when a silo it runs on is no longer active, and abandons the calls to every such
    /// silo — also in an attempt that already failed for another reason and is still ending.
    /// </summary>
    private void CheckMembers(ClusterMembershipSnapshot snapshot)
    {
        SiloAddress[] gone;
        lock (gate)
        {
            if (current is not { } running) return;
            gone = [.. running.Silos.Where(s => snapshot.GetSiloStatus(s) != SiloStatus.Active)];
        }
        foreach (var silo in gone) FailAttemptOn(silo, snapshot.GetSiloStatus(silo).ToString());
    }

    /// <summary>
    /// Abandons the current attempt's calls to <paramref name="silo"/> and fails the attempt, once, if it runs there:
    /// the job's control is never left waiting on a silo that is gone.
    /// </summary>
    private void FailAttemptOn(SiloAddress silo, string status)
    {
        Attempt attempt;
        CancellationTokenSource lost;
        bool failing;
        lock (gate)
        {
            if (current is not { } running || !running.Lost.TryGetValue(silo, out lost!)) return;
            failing = !running.Failed;
            running.Failed = true;
            attempt = running;
        }
        // Outside the lock: cancelling runs the abandoned calls' continuations.
        try
        {
            lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended meanwhile; nothing waits on it any more.
        }
        if (!failing) return;
        logger.SiloLost(silo.ToString(), attempt.Run.ToString(), jobName, status);
        attempt.Events.WorkerFailed(new RemoteSubtaskException($"Silo {silo}, which runs subtasks of job '{jobName}', is {status}."));
    }

    public async ValueTask DisposeAsync()
    {
        await watching.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        await Task.WhenAll(suspects.Values).ConfigureAwait(false);
        lock (gate) current?.Dispose();
        watching.Dispose();
    }

    private sealed class Attempt(RunId run, IWorkerEvents events, SiloAddress[] silos, RemoteWorker[] workers, Dictionary<SiloAddress, CancellationTokenSource> lost) : IDisposable
    {
        public RemoteWorker[] Workers { get; } = workers;
        public RunId Run { get; } = run;
        public IWorkerEvents Events { get; } = events;
        public SiloAddress[] Silos { get; } = silos;

        /// <summary>Per silo: cancelled when the silo is lost, so every call of this attempt to it ends at once.</summary>
        public Dictionary<SiloAddress, CancellationTokenSource> Lost { get; } = lost;

        public bool Failed { get; set; }

        // Only cancellation sources of an ended attempt are disposed; a RemoteWorker may still await a token, and a
        // disposed source's token stays valid.
        public void Dispose()
        {
            foreach (var source in Lost.Values) source.Dispose();
        }
    }
}

/// <summary>A subtask or worker in another silo failed; the message says which and why (the original exception stays in that silo's log).</summary>
public sealed class RemoteSubtaskException(string message) : Exception(message);
