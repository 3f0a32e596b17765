using System.Collections.Concurrent;

namespace Checkpointing.Tests.Execution;

public class CheckpointTests
{
    /// <summary>Counts what it received and checks, at every snapshot, that it equals what the source says it emitted.</summary>
    private sealed class ConsistencySink(ConcurrentQueue<(long Source, long Sink)> seen, Func<int, long> sourceOffset)
        : RichSinkFunction<long>, ICheckpointedFunction
    {
        private static readonly ListStateDescriptor<long> Count = new("count");
        private long count;

        public override void Invoke(long value) => count++;

        public void SnapshotState(ISnapshotContext context)
        {
            seen.Enqueue((sourceOffset(RuntimeContext.SubtaskIndex), count));
            context.Add(Count, count);
        }

        public void RestoreState(IRestoreContext context) => count = context.Get(Count).Sum();
    }

    /// <summary>Counts until it has been snapshotted <paramref name="snapshots"/> times, so the test never depends on timing.</summary>
    private sealed class Counter(int snapshots, long[] published) : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        private long offset;
        private int taken;
        private volatile bool running = true;

        public override void Run(ISourceContext<long> ctx)
        {
            while (running)
            {
                lock (ctx.CheckpointLock)
                {
                    if (taken >= snapshots) return;
                    ctx.Collect(offset);
                    offset++;
                    Volatile.Write(ref published[RuntimeContext.SubtaskIndex], offset);
                }
            }
        }

        public override void Cancel() => running = false;
        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp)
        {
            taken++;
            return [offset];
        }

        public void RestoreState(IReadOnlyList<long> state) => offset = state.Sum();
    }

    /// <summary>Records every notification with whether the checkpoint's metadata was durable at that moment.</summary>
    private sealed class Listener(ConcurrentQueue<(int Subtask, long Id, bool Durable)> log, Func<long, bool> isDurable)
        : RichSinkFunction<long>, ICheckpointListener
    {
        public override void Invoke(long value) { }
        public void NotifyCheckpointComplete(long checkpointId) => log.Enqueue((RuntimeContext.SubtaskIndex, checkpointId, isDurable(checkpointId)));
    }

    [Fact]
    public async Task Every_snapshot_matches_the_records_emitted_so_far()
    {
        const int parallelism = 3;
        var published = new long[parallelism];
        var seen = new ConcurrentQueue<(long Source, long Sink)>();
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(1));
        env.AddSource(() => new Counter(20, published)).Uid("counter")
           .AddSink(() => new ConsistencySink(seen, i => Volatile.Read(ref published[i]))).Uid("sink");

        var result = await env.ExecuteAsync("consistency").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.True(seen.Count >= 20 * parallelism, $"only {seen.Count} snapshots were taken");
        Assert.Contains(seen, s => s.Source > 0);
        Assert.All(seen, s => Assert.Equal(s.Source, s.Sink));
    }

    [Fact]
    public async Task Completion_is_notified_only_after_the_metadata_is_durable_and_ids_only_grow()
    {
        using var dir = new TempDirectory();
        var storage = new FileSystemCheckpointStorage(dir.Path);
        var log = new ConcurrentQueue<(int Subtask, long Id, bool Durable)>();
        var probe = new JobProbe(3_000, 9_000) { Pace = TimeSpan.FromMilliseconds(1) };
        var env = new StreamExecutionEnvironment
        {
            Parallelism = 2,
            CheckpointStorage = storage,
            MaxRetainedCheckpoints = 1000,
            RestartStrategy = RestartStrategy.FixedDelay(5, TimeSpan.Zero),
        };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new PartitionedSource(4, 3_000, probe)).Uid("source")
           .Map(r => { probe.Observe(r); return r.Offset; })
           .AddSink(() => new Listener(log, id => File.Exists(Path.Combine(storage.CheckpointPath("ids", id), "_metadata")))).Uid("listener");

        var result = await env.ExecuteAsync("ids").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(result.Restarts >= 1);
        Assert.NotEmpty(log);
        Assert.All(log, n => Assert.True(n.Durable, $"checkpoint {n.Id} was notified before its metadata existed"));
        foreach (var subtask in log.GroupBy(n => n.Subtask))
        {
            var ids = subtask.Select(n => n.Id).ToList();
            Assert.True(ids.SequenceEqual(ids.Order()) && ids.Distinct().Count() == ids.Count, $"subtask {subtask.Key} saw ids {string.Join(",", ids)}");
        }
        // Ids are never reused: the folders on disk are distinct and the final id is the largest.
        Assert.Equal(result.LastCheckpointId, log.Max(n => n.Id));
    }

    [Fact]
    public async Task A_new_run_continues_the_id_sequence_of_its_storage()
    {
        var storage = new InMemoryCheckpointStorage();
        async Task<long> RunOnce()
        {
            var env = new StreamExecutionEnvironment { CheckpointStorage = storage, RestartStrategy = RestartStrategy.NoRestart };
            env.AddSource(() => new PartitionedSource(1, 100, new JobProbe())).Uid("source").AddSink(() => new DiscardingSink<Record>());
            env.ResumeFromLatestCheckpoint();
            return (await env.ExecuteAsync("sequence").WaitAsync(TimeSpan.FromMinutes(1))).LastCheckpointId;
        }

        var first = await RunOnce();
        var second = await RunOnce();

        Assert.True(first >= 1);
        Assert.True(second > first, $"second run ended at checkpoint {second}, first at {first}");
    }

    [Fact]
    public async Task A_failed_savepoint_aborts_listeners_and_the_job_keeps_running()
    {
        using var dir = new TempDirectory();
        var blocker = Path.Combine(dir.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the savepoint folder should go");
        var aborted = new ConcurrentQueue<long>();
        var probe = new JobProbe() { Pace = TimeSpan.FromMilliseconds(1) };
        var system = new ExternalSystem();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new PartitionedSource(1, 1_000_000, probe)).Uid("source")
           .AddSink(() => new AbortRecordingSink(system, aborted)).Uid("sink");

        var job = await env.StartAsync("failed-savepoint");
        var error = await Assert.ThrowsAnyAsync<IOException>(() => job.TriggerSavepointAsync(blocker));
        Assert.Contains("Savepoint", error.Message);
        // Listeners hear of the abort under their subtask's lock, after the failure is reported (the coordinator does
        // not wait for locks it may not get): wait for it, bounded.
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (aborted.IsEmpty) await Task.Delay(5, waited.Token);
        Assert.NotEmpty(aborted);
        Assert.False(job.Completion.IsCompleted);
        await job.CancelAsync();
        Assert.Equal(JobStatus.Cancelled, (await job.Completion).Status);
    }

    private sealed class AbortRecordingSink(ExternalSystem system, ConcurrentQueue<long> aborted) : ISinkFunction<Record>, ICheckpointListener
    {
        public void Invoke(Record value) => system.Begin();
        public void NotifyCheckpointComplete(long checkpointId) { }
        public void NotifyCheckpointAborted(long checkpointId) => aborted.Enqueue(checkpointId);
    }
}

public class CheckpointTimeoutTests
{
    /// <summary>Holds its lock for a long time once, so a checkpoint cannot get it within the timeout.</summary>
    private sealed class Hogging(ManualResetEventSlim holding, ManualResetEventSlim release) : ISourceFunction<long>
    {
        public void Run(ISourceContext<long> ctx)
        {
            lock (ctx.CheckpointLock)
            {
                holding.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }

        public void Cancel() => release.Set();
    }

    private sealed class AbortListener(System.Collections.Concurrent.ConcurrentQueue<long> aborted) : ISinkFunction<long>, ICheckpointListener
    {
        public void Invoke(long value) { }
        public void NotifyCheckpointComplete(long checkpointId) { }
        public void NotifyCheckpointAborted(long checkpointId) => aborted.Enqueue(checkpointId);
    }

    [Fact]
    public async Task A_source_that_keeps_its_lock_makes_the_checkpoint_time_out_instead_of_stalling()
    {
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var aborted = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart, CheckpointTimeout = TimeSpan.FromMilliseconds(100) };
        env.AddSource(() => new Hogging(holding, release)).Uid("hog").AddSink(() => new AbortListener(aborted)).Uid("sink");

        var job = await env.StartAsync("timeout");
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => job.TriggerSavepointAsync(dir.Path));

        Assert.Contains("not all acquired", error.Message);
        release.Set();
        var result = await job.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Finished, result.Status);
        // The abort reaches the listener once the lock is free, on a thread the coordinator does not wait for.
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (aborted.IsEmpty) await Task.Delay(5, waited.Token);
        Assert.NotEmpty(aborted);
    }
}
