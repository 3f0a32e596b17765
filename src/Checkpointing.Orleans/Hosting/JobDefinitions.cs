using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Orleans;

/// <summary>
/// The jobs this silo can run or host workers of, by name. Functions are code, so every silo registers the same
/// definitions; each call builds a fresh environment, as <see cref="StreamExecutionEnvironment.StartAsync"/> does.
/// </summary>
internal sealed class JobDefinitions
{
    private readonly Dictionary<string, JobRegistration> byName = new(StringComparer.Ordinal);

    public JobDefinitions(IEnumerable<JobRegistration> registrations)
    {
        foreach (var registration in registrations)
            if (!byName.TryAdd(registration.JobName, registration)) throw new InvalidOperationException($"Job '{registration.JobName}' is registered twice on this silo.");
    }

    /// <summary>A fresh environment of <paramref name="jobName"/>; one that logs nowhere logs to <paramref name="silo"/>'s loggers.</summary>
    public StreamExecutionEnvironment Create(string jobName, ILoggerFactory silo)
    {
        var env = Registered(jobName).Define() ?? throw new InvalidOperationException($"The definition of job '{jobName}' returned null.");
        if (env.LoggerFactory == NullLoggerFactory.Instance) env.LoggerFactory = silo;
        return env;
    }

    /// <summary>How job <paramref name="jobName"/>'s parallelism follows the silos, as registered.</summary>
    public ClusterScaling ScalingOf(string jobName) => Registered(jobName).Scaling;

    private JobRegistration Registered(string jobName) =>
        byName.TryGetValue(jobName, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"Job '{jobName}' is not registered on this silo (registered: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}). " +
                "Register it on every silo with AddCheckpointingJob.");
}
