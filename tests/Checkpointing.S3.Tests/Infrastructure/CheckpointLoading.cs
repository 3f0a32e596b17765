namespace Checkpointing.S3.Tests.Infrastructure;

/// <summary>
/// Whether a stored checkpoint restores, asked the way a user asks: a job restores from its location (the core reads
/// the metadata and verifies every listed object's length and checksum before anything runs). The job runs on a
/// storage of its own, so its final checkpoint never lands among the ones a test inspects.
/// </summary>
public static class CheckpointLoading
{
    public static async Task<bool> LoadsAsync(S3rverFixture s3, string location)
    {
        using var storage = s3.Storage(out var client);
        using var _ = client;
        var env = new StreamExecutionEnvironment { Parallelism = 2, CheckpointStorage = storage, RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new RestoredOnly()).Uid("counter").AddSink(() => new DiscardingSink<long>()).Uid("sink");
        env.RestoreFrom(location);
        try
        {
            var result = await env.ExecuteAsync("verify").WaitAsync(TimeSpan.FromSeconds(20));
            return result.Status == JobStatus.Finished ? true : throw new InvalidOperationException($"The restored job ended {result.Status}.");
        }
        catch (CheckpointFormatException)
        {
            return false;
        }
    }

    /// <summary>Takes the recorded job's source state and ends at once.</summary>
    private sealed class RestoredOnly : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        private long offset;

        public override void Run(ISourceContext<long> ctx) { }

        public override void Cancel() { }

        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

        public void RestoreState(IReadOnlyList<long> state) => offset = state.Sum();
    }
}
