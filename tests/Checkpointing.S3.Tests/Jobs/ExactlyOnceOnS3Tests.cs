using Checkpointing.S3.Tests.Infrastructure;
using CounterSample;

namespace Checkpointing.S3.Tests.Jobs;

/// <summary>
/// The CounterSource job with <see cref="ExactlyOnceFileSink{T}"/>, checkpointing to S3 while the job fails by itself
/// and S3 requests fail under it; then it is cancelled and a second run resumes from the latest checkpoint it finds in
/// the bucket. Every record must be committed exactly once across both runs.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class ExactlyOnceOnS3Tests(S3rverFixture s3) : IDisposable
{
    private const int Parallelism = 2;
    private const long Records = 20_000;
    private readonly string work = Directory.CreateTempSubdirectory("s3-exactly-once-").FullName;

    [Fact(Timeout = 90_000)]
    public async Task Job_failures_and_S3_request_failures_lose_and_duplicate_nothing()
    {
        var faults = new FaultInjector();
        var puts = 0;
        // Every 3rd write answered 500 (retried), every 7th cut after the server stored it (the retry finds it
        // there), every 11th cut before it leaves: with two attempts per request, some checkpoints abort.
        faults.Policy = request =>
        {
            if (request.Method != HttpMethod.Put) return null;
            puts++;
            return puts % 11 == 0 ? Fault.CutBefore : puts % 7 == 0 ? Fault.CutAfter : puts % 3 == 0 ? Fault.ServerError : null;
        };
        using var storage = s3.Storage(out var client, faults, o => o.MaxAttempts = 2);
        using var _ = client;
        var output = Path.Combine(work, "output");

        // First run: two injected job failures (restarts), then cancelled after a few more checkpoints.
        var injector = new FailureInjector(Records * Parallelism / 2, failures: 2);
        var first = await Environment(storage, output, injector).StartAsync("counter");
        // Cancelled only once the second restart runs: three checkpoints after the second failure.
        await WaitUntil(() => injector.Failed == 2, first.Completion, TimeSpan.FromSeconds(40));
        var atSecondFailure = first.LatestCheckpointId;
        await WaitUntil(() => first.LatestCheckpointId >= atSecondFailure + 3, first.Completion, TimeSpan.FromSeconds(40));
        await first.CancelAsync();
        var firstResult = await first.Completion;

        // Second run: a new process would find only the bucket; so does this one.
        var second = Environment(storage, output, new FailureInjector(1, failures: 0)).ResumeFromLatestCheckpoint();
        var result = await second.ExecuteAsync("counter").WaitAsync(TimeSpan.FromSeconds(40));

        var (committed, lost, duplicated) = Verification.Check(output, Parallelism, Records);
        Assert.Equal((Parallelism * Records, 0L, 0L), (committed, lost, duplicated));
        Assert.Equal(JobStatus.Cancelled, firstResult.Status);
        Assert.Equal(2, firstResult.Restarts);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.True(faults.Injected >= 3, $"only {faults.Injected} S3 requests were failed");
    }

    private StreamExecutionEnvironment Environment(S3CheckpointStorage storage, string output, FailureInjector injector)
    {
        var env = new StreamExecutionEnvironment
        {
            Parallelism = Parallelism,
            CheckpointStorage = storage,
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 3, delay: TimeSpan.FromMilliseconds(20)),
            CheckpointTimeout = TimeSpan.FromSeconds(20),
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
        env.AddSource(() => new PacedCounterSource(Records)).Uid("counter")
           .Map(injector.Observe)
           .AddSink(() => new ExactlyOnceFileSink<long>(output)).Uid("file-sink");
        return env;
    }

    private static async Task WaitUntil(Func<bool> condition, Task<JobResult> completion, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (completion.IsCompleted) throw new InvalidOperationException($"The job ended ({(await completion).Status}) before the test condition held.");
            await Task.Delay(20, deadline.Token);
        }
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
