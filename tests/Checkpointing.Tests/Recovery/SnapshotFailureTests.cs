namespace Checkpointing.Tests.Recovery;

/// <summary>A function that throws from its snapshot fails the job, not just the checkpoint; the restart strategy takes over.</summary>
public class SnapshotFailureTests
{
    private sealed class ThrowsOnce(int[] thrown) : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        private long offset;
        private volatile bool running = true;

        public override void Run(ISourceContext<long> ctx)
        {
            var gate = ctx.CheckpointLock;
            while (running)
            {
                lock (gate)
                {
                    if (offset >= 2000) return;
                    ctx.Collect(offset);
                    offset++;
                }
                Thread.Sleep(1);
            }
        }

        public override void Cancel() => running = false;

        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) =>
            Interlocked.Increment(ref thrown[0]) == 1 ? throw new InvalidOperationException("snapshot exploded") : [offset];

        public void RestoreState(IReadOnlyList<long> state) => offset = state.Sum();
    }

    [Fact]
    public async Task A_throwing_snapshot_fails_the_attempt_and_the_job_restarts_from_the_latest_checkpoint()
    {
        var thrown = new int[1];
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(10)) };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(20));
        env.AddSource(() => new ThrowsOnce(thrown)).Uid("source").AddSink(() => new DiscardingSink<long>()).Uid("sink");

        using var limit = new CancellationTokenSource(Jobs.Limit);
        var result = await env.ExecuteAsync("snapshot-throws", limit.Token);
        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(1, result.Restarts);
        Assert.True(Volatile.Read(ref thrown[0]) > 1);
    }

    /// <summary>Emits a few records and returns; every snapshot throws.</summary>
    private sealed class AlwaysThrows(int[] snapshots) : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        public override void Run(ISourceContext<long> ctx)
        {
            lock (ctx.CheckpointLock)
                for (var i = 0L; i < 10; i++) ctx.Collect(i);
        }

        public override void Cancel() { }

        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp)
        {
            Interlocked.Increment(ref snapshots[0]);
            throw new InvalidOperationException("snapshot exploded");
        }

        public void RestoreState(IReadOnlyList<long> state) { }
    }

    [Fact]
    public async Task A_final_checkpoint_whose_snapshot_throws_fails_the_job_without_being_tried_again()
    {
        var snapshots = new int[1];
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.AddSource(() => new AlwaysThrows(snapshots)).Uid("source").AddSink(() => new DiscardingSink<long>()).Uid("sink");

        using var limit = new CancellationTokenSource(Jobs.Limit);
        var error = await Assert.ThrowsAsync<IOException>(() => env.ExecuteAsync("final-snapshot-throws", limit.Token));

        Assert.Contains("The final checkpoint of job 'final-snapshot-throws' failed: Checkpoint 1 ", error.Message);
        Assert.Contains("snapshot exploded", error.Message);
        Assert.Equal(1, Volatile.Read(ref snapshots[0]));
    }
}
