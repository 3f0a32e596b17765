namespace Checkpointing.Orleans;

/// <summary>How this silo's worker takes part in placing a job's subtasks.</summary>
public sealed class CheckpointingWorkerOptions
{
    /// <summary>
    /// This silo's share of each job's subtasks relative to the other silos' (at least 1). Default 1: subtasks spread
    /// evenly; <see cref="CheckpointingSiloBuilderExtensions.WeighCheckpointingWorkerByCores"/> sets the silo's cores.
    /// </summary>
    public int Weight { get; set; } = 1;
}
