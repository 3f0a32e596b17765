using Checkpointing.Execution;
using Checkpointing.Orleans.Workers;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Orleans.Scaling;

/// <summary>
/// A job grain's side of a <see cref="ClusterScaling"/> that follows the silos, for the life of its activation: every
/// attempt of every start runs at the parallelism of the silos active just before it starts (a restart after a silo
/// left restores the latest checkpoint at the smaller parallelism); the attempt that runs is remembered (parallelism,
/// silos) so that <see cref="SiloRescaler"/> can tell when the silos that joined call for a rescale.
/// </summary>
internal sealed class SiloScaling(string jobName, ClusterScaling scaling, IClusterMembershipService membership, ILogger logger) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private int parallelism;
    private string[] attemptSilos = [];
    private SiloRescaler? rescaler;

    public ClusterScaling Scaling => scaling;

    /// <summary>The silos the latest attempt was placed on (those active when it started).</summary>
    public IReadOnlyList<string> AttemptSilos
    {
        get
        {
            lock (gate) return attemptSilos;
        }
    }

    /// <summary>The active silos of <paramref name="snapshot"/>, as <see cref="ClusterWorkers"/> counts them for placement.</summary>
    public static int ActiveSilos(ClusterMembershipSnapshot snapshot) => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    /// <summary>Whether every silo the latest attempt runs on is still active; when not, that attempt fails and its restart rescales.</summary>
    public bool AttemptSilosActive(ClusterMembershipSnapshot snapshot) =>
        AttemptSilos.All(s => snapshot.GetSiloStatus(SiloAddress.FromParsableString(s)) == SiloStatus.Active);

    /// <summary>
    /// Makes <paramref name="env"/>'s attempts run at this policy's parallelism and remembers each attempt's silos.
    /// Call after its workers are set: they are wrapped.
    /// </summary>
    public void Apply(StreamExecutionEnvironment env)
    {
        var workers = env.Workers ?? throw new InvalidOperationException($"Job '{jobName}': the cluster's workers must be set before its scaling.");
        env.ParallelismPerAttempt = ParallelismOf;
        env.Workers = (settings, attempt, events, jobLogger) =>
        {
            var created = workers(settings, attempt, events, jobLogger);
            lock (gate) attemptSilos = [.. created.OfType<RemoteWorker>().Select(w => w.Silo)];
            return created;
        };
    }

    /// <summary>Starts rescaling the job when silos join (once per activation); see <see cref="SiloRescaler"/>. Call from the grain's turn: the rescales run there.</summary>
    public void StartRescaling(Func<CancellationToken, Task<int?>> runningParallelism, Func<int, Task> rescale) =>
        rescaler ??= SiloRescaler.Start(jobName, this, membership, logger, runningParallelism, rescale);

    public ValueTask DisposeAsync() => rescaler?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The parallelism of attempt <paramref name="attempt"/>, from the silos active now; each decision is logged.</summary>
    private int ParallelismOf(int attempt)
    {
        var active = ActiveSilos(membership.CurrentSnapshot);
        var chosen = scaling.ParallelismFor(active);
        int previous, previousSilos;
        lock (gate)
        {
            (previous, previousSilos) = (parallelism, attemptSilos.Length);
            parallelism = chosen;
        }
        logger.AttemptScaled(attempt, jobName, chosen, active, scaling.SubtasksPerSilo, scaling.MinParallelism, scaling.MaxParallelism, previous, previousSilos);
        return chosen;
    }
}
