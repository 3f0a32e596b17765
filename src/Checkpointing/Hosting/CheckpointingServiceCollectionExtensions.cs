using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>Runs Checkpointing jobs inside a .NET host (a worker service, an ASP.NET Core app).</summary>
public static class CheckpointingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the job <paramref name="jobName"/> as an <see cref="IHostedService"/>: it starts with the host and, on host
    /// shutdown, stops with a savepoint (see <see cref="CheckpointingJobOptions"/>). <paramref name="configure"/>
    /// defines the job on a fresh environment whose <see cref="StreamExecutionEnvironment.LoggerFactory"/> is already the
    /// host's. The running job is the keyed service <see cref="CheckpointingJobService"/> under <paramref name="jobName"/>.
    /// </summary>
    public static IServiceCollection AddCheckpointingJob(this IServiceCollection services, string jobName,
        Action<StreamExecutionEnvironment, IServiceProvider> configure, Action<CheckpointingJobOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new CheckpointingJobOptions();
        options?.Invoke(settings);

        services.AddKeyedSingleton(jobName, (provider, _) => new CheckpointingJobService(
            jobName, settings, env => configure(env, provider),
            provider.GetService<ILoggerFactory>(), provider.GetService<IHostApplicationLifetime>()));
        // Not AddHostedService: it keeps one registration per type, and each job is its own service.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<CheckpointingJobService>(jobName));
        return services;
    }

    /// <summary>As <see cref="AddCheckpointingJob(IServiceCollection, string, Action{StreamExecutionEnvironment, IServiceProvider}, Action{CheckpointingJobOptions}?)"/>, for a job that needs no services.</summary>
    public static IServiceCollection AddCheckpointingJob(this IServiceCollection services, string jobName,
        Action<StreamExecutionEnvironment> configure, Action<CheckpointingJobOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCheckpointingJob(jobName, (env, _) => configure(env), options);
    }
}
