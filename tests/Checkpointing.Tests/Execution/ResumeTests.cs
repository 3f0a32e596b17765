namespace Checkpointing.Tests.Execution;

public class ResumeTests
{
    /// <summary>Remembers what it restored, per subtask.</summary>
    private sealed class Remembering(List<long> restored, long limit) : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        private long offset;
        private volatile bool running = true;

        public override void Run(ISourceContext<long> ctx)
        {
            while (running)
                lock (ctx.CheckpointLock)
                {
                    if (offset >= limit) return;
                    ctx.Collect(offset++);
                }
        }

        public override void Cancel() => running = false;
        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [offset];

        public void RestoreState(IReadOnlyList<long> state)
        {
            lock (restored) restored.AddRange(state);
            offset = state.Single();
        }
    }

    [Fact]
    public async Task Resume_skips_a_damaged_newest_checkpoint_for_the_previous_complete_one()
    {
        using var dir = new TempDirectory();
        var storage = new FileSystemCheckpointStorage(dir.Path);
        var restored = new List<long>();

        async Task<JobResult> Run(long limit)
        {
            var env = new StreamExecutionEnvironment { CheckpointStorage = storage, RestartStrategy = RestartStrategy.NoRestart };
            env.AddSource(() => new Remembering(restored, limit)).Uid("counter").AddSink(() => new DiscardingSink<long>());
            env.ResumeFromLatestCheckpoint();
            return await env.ExecuteAsync("resume").WaitAsync(TimeSpan.FromMinutes(1));
        }

        var first = await Run(100);     // final checkpoint holds offset 100
        var second = await Run(250);    // resumes at 100, final checkpoint holds 250
        Assert.Equal([100L], restored);

        // Tear the newest checkpoint: flip one byte of its only state file.
        var newest = storage.CheckpointPath("resume", second.LastCheckpointId);
        var file = Path.Combine(newest, "source-0-subtask-0");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes);

        var third = await Run(300);

        Assert.Equal([100L, 100L], restored);
        Assert.True(third.LastCheckpointId > second.LastCheckpointId, "a new run never reuses the id of the damaged checkpoint");
        Assert.True(first.LastCheckpointId < second.LastCheckpointId);
    }
}
