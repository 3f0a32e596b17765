using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Checkpointing.S3;

/// <summary>
/// S3 checkpoint storage for jobs run by <see cref="CheckpointingServiceCollectionExtensions.AddCheckpointingJob(IServiceCollection, string, Action{StreamExecutionEnvironment, IServiceProvider}, Action{CheckpointingJobOptions}?)"/>:
/// register it here, then pick it in the job's configure callback with <see cref="UseS3CheckpointStorage"/>.
/// </summary>
public static class S3CheckpointingServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="S3CheckpointStorage"/> configured by <paramref name="configure"/>. It talks through the
    /// <see cref="IAmazonS3"/> registered in the container when there is one (credentials are then that client's),
    /// otherwise through a client built from the options with the SDK's credential chain.
    /// </summary>
    public static IServiceCollection AddS3CheckpointStorage(this IServiceCollection services, Action<S3CheckpointStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new S3CheckpointStorageOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(provider => provider.GetService<IAmazonS3>() is { } client
            ? new S3CheckpointStorage(options.Bucket, options.Prefix, client, options)
            : new S3CheckpointStorage(options));
        return services;
    }

    /// <summary>
    /// As <see cref="AddS3CheckpointStorage(IServiceCollection, Action{S3CheckpointStorageOptions})"/>, with the
    /// options read from a configuration section (e.g. <c>Checkpointing:S3</c>) whose keys are the option names:
    /// <c>Bucket</c>, <c>Prefix</c>, <c>ServiceUrl</c>, <c>Region</c>, <c>ForcePathStyle</c>, <c>MultipartThreshold</c>,
    /// <c>PartSize</c>, <c>MaxConcurrentRequests</c>, <c>MaxAttempts</c>, <c>RetryBaseDelay</c>, <c>RequestTimeout</c>,
    /// <c>CheckAbsenceBeforeWrite</c>. Credentials are never read from it.
    /// </summary>
    public static IServiceCollection AddS3CheckpointStorage(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddS3CheckpointStorage(options => S3CheckpointStorageConfiguration.Read(section, options));
    }

    /// <summary>Makes the registered <see cref="S3CheckpointStorage"/> the job's checkpoint storage.</summary>
    public static StreamExecutionEnvironment UseS3CheckpointStorage(this StreamExecutionEnvironment env, IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(provider);
        env.CheckpointStorage = provider.GetRequiredService<S3CheckpointStorage>();
        return env;
    }
}
