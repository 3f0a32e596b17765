using System.Collections.Concurrent;
using Checkpointing.Execution;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// A job's workers in the cluster: each attempt gets one <see cref="RemoteWorker"/> per silo that is active when the
/// attempt starts, in a fixed order (by silo address) and with the silo's weight, so placement is deterministic for
/// the same set of silos. Routes
/// the workers' events to the current attempt, and fails that attempt when one of its silos leaves the cluster, so the
/// job restarts from its latest complete checkpoint on the silos that remain.
/// </summary>
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
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        if (silos.Count == 0) throw new InvalidOperationException($"Job '{jobName}' has no active silo to run on.");
        var run = new RunId(generation, attempt);
        RemoteWorker[] workers =
        [
            .. silos.Select(s => new RemoteWorker(
                grains.GetGrain<IWorkerGrain>(WorkerKey.Of(jobName, s)), s.ToParsableString(), weights.GetValueOrDefault(s, 1), coordinator.ToParsableString(), settings, run, logger)),
        ];
        lock (gate) current = new Attempt(run, events, [.. silos], workers);
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

    /// <summary>Fails the current attempt, once, when a silo it runs on is no longer active.</summary>
    private void CheckMembers(ClusterMembershipSnapshot snapshot)
    {
        Attempt attempt;
        SiloAddress lost;
        SiloStatus status;
        lock (gate)
        {
            if (current is not { Failed: false } running) return;
            var gone = running.Silos.Select(s => (Silo: s, Status: snapshot.GetSiloStatus(s))).FirstOrDefault(s => s.Status != SiloStatus.Active);
            if (gone.Silo is null) return;
            running.Failed = true;
            (attempt, lost, status) = (running, gone.Silo, gone.Status);
        }
        logger.SiloLost(lost.ToString(), attempt.Run.ToString(), jobName, status.ToString());
        attempt.Events.WorkerFailed(new RemoteSubtaskException($"Silo {lost}, which runs subtasks of job '{jobName}', is {status}."));
    }

    public async ValueTask DisposeAsync()
    {
        await watching.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        watching.Dispose();
    }

    private sealed class Attempt(RunId run, IWorkerEvents events, SiloAddress[] silos, RemoteWorker[] workers)
    {
        public RemoteWorker[] Workers { get; } = workers;
        public RunId Run { get; } = run;
        public IWorkerEvents Events { get; } = events;
        public SiloAddress[] Silos { get; } = silos;
        public bool Failed { get; set; }
    }
}

/// <summary>A subtask or worker in another silo failed; the message says which and why (the original exception stays in that silo's log).</summary>
public sealed class RemoteSubtaskException(string message) : Exception(message);
