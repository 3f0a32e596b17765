using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Checkpointing.Orleans.Placement;

/// <summary>Places a grain on the silo its key names (<see cref="WorkerKey"/>): a job's worker runs exactly where the job's placement put it.</summary>
[GenerateSerializer, Immutable]
internal sealed class SiloTargetedPlacement : PlacementStrategy
{
    public static SiloTargetedPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="SiloTargetedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class SiloTargetedPlacementAttribute() : PlacementAttribute(SiloTargetedPlacement.Instance);

/// <summary>
/// Activates a worker grain on the silo in its key, and nowhere else: when that silo is gone the activation fails, so
/// the job's control learns that the worker is lost instead of getting an empty worker on another silo.
/// </summary>
internal sealed class SiloTargetedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var (job, silo) = WorkerKey.Parse(key);
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new InvalidOperationException($"The worker of job '{job}' belongs on silo {silo}, which is not an active silo of the cluster.");
        return Task.FromResult(silo);
    }
}
