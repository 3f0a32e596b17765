namespace Checkpointing.Orleans.Benchmarks;

/// <summary>What one cluster size measured; <see cref="Recovery"/> is null for one silo (nothing survives its kill).</summary>
public sealed record ScenarioResult(int Silos, int Workers, SteadyState Steady, Rescale Rescale, Recovery? Recovery);

/// <summary>Checkpoint durations (trigger to durable metadata, as the coordinator logs them) and committed records/s in the window.</summary>
public sealed record SteadyState(IReadOnlyList<double> CheckpointMilliseconds, double RecordsPerSecond)
{
    public double Percentile(double p)
    {
        var sorted = CheckpointMilliseconds.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>The bytes of state each worker was restored from on a rescale, and the whole savepoint's size on disk.</summary>
public sealed record Rescale(IReadOnlyList<long> BytesPerWorker, long SavepointBytes);

/// <summary>
/// From the SIGKILL to the first record a new attempt emitted, and to the first checkpoint completed after it; the
/// restarts the job logged before that first record (each waits the sample's 500 ms restart delay), and whether a new
/// activation of the job grain resumed the job instead (it waits for membership to declare the silo dead).
/// </summary>
public sealed record Recovery(TimeSpan ToFirstRecord, TimeSpan ToCheckpoint, int Restarts, bool Resumed)
{
    public string How => Resumed ? "job grain resumed" : Restarts == 1 ? "1 restart" : $"{Restarts} restarts";
}
