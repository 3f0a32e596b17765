using Checkpointing.Orleans.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace Checkpointing.Orleans;

/// <summary>Registers Checkpointing jobs on an Orleans silo.</summary>
public static class CheckpointingSiloBuilderExtensions
{
    /// <summary>
    /// Makes job <paramref name="jobName"/> runnable on this silo: as its job grain (<see cref="ICheckpointingJobGrain"/>)
    /// and as a worker for its subtasks. Register the same job on every silo; <paramref name="define"/> builds its
    /// environment (sources, sinks, checkpoint settings) each time one is needed. Its checkpoint storage must be shared
    /// by every silo (a folder every silo reaches under the same path, say). <paramref name="scaling"/>: how its
    /// parallelism follows the silos (the same on every silo: the job grain may run on any); default
    /// <see cref="ClusterScaling.Fixed"/>, the definition's parallelism.
    /// </summary>
    public static ISiloBuilder AddCheckpointingJob(this ISiloBuilder builder, string jobName, Func<StreamExecutionEnvironment> define, ClusterScaling? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(define);
        scaling ??= ClusterScaling.Fixed;
        if (jobName.Contains('@', StringComparison.Ordinal)) throw new ArgumentException($"Job name '{jobName}' contains '@', which names silos in worker keys.", nameof(jobName));
        scaling.Validate(jobName, nameof(scaling));
        var services = builder.Services;
        if (!services.Any(s => s.ServiceType == typeof(JobDefinitions)))
        {
            services.AddSingleton(sp => new JobDefinitions(sp.GetServices<JobRegistration>()));
            builder.AddPlacementDirector<SiloTargetedPlacement, SiloTargetedPlacementDirector>();
        }
        services.AddSingleton(new JobRegistration(jobName, define, scaling));
        return builder;
    }

    /// <summary>
    /// This silo takes a share of each job's subtasks in proportion to its cores (<see cref="Environment.ProcessorCount"/>)
    /// instead of an equal one (<see cref="CheckpointingWorkerOptions.Weight"/>).
    /// </summary>
    public static ISiloBuilder WeighCheckpointingWorkerByCores(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<CheckpointingWorkerOptions>(o => o.Weight = Environment.ProcessorCount);
        return builder;
    }
}

/// <summary>One <see cref="CheckpointingSiloBuilderExtensions.AddCheckpointingJob"/> call.</summary>
internal sealed record JobRegistration(string JobName, Func<StreamExecutionEnvironment> Define, ClusterScaling Scaling);
