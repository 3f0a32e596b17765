namespace Checkpointing.Tests.Diagnostics;

/// <summary>The runtime's instruments, seen through a <see cref="System.Diagnostics.Metrics.MeterListener"/> as OpenTelemetry sees them.</summary>
public class MetricsTests
{
    private const string Duration = "checkpointing.checkpoint.duration";
    private const string Size = "checkpointing.checkpoint.size";
    private const string Completed = "checkpointing.checkpoints.completed";
    private const string Failed = "checkpointing.checkpoints.failed";
    private const string Restarts = "checkpointing.job.restarts";
    private const string Records = "checkpointing.records.emitted";
    private const string LockHeld = "checkpointing.checkpoint.lock_held";

    [Fact]
    public async Task Meter_publishes_the_documented_instruments_with_their_units()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        await Run(job, parallelism: 1, limit: 10);
        Assert.Equal("Checkpointing", CheckpointingMetrics.MeterName);
        Assert.Equal("ms", recorder.Published[Duration]);
        Assert.Equal("By", recorder.Published[Size]);
        Assert.Equal("{checkpoint}", recorder.Published[Completed]);
        Assert.Equal("{checkpoint}", recorder.Published[Failed]);
        Assert.Equal("{restart}", recorder.Published[Restarts]);
        Assert.Equal("{record}", recorder.Published[Records]);
        Assert.Equal("us", recorder.Published[LockHeld]);
    }

    [Fact]
    public async Task A_finished_job_reports_every_record_and_every_checkpoint_it_completed()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        var result = await Run(job, parallelism: 3, limit: 20_000);

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(3 * 20_000, recorder.Sum(Records));
        // Ids start at 1 and none failed, so the last id is the number completed (at least the final checkpoint).
        Assert.Equal(result.LastCheckpointId, recorder.Sum(Completed));
        Assert.Empty(recorder.Of(Failed));
        Assert.Empty(recorder.Of(Restarts));
        Assert.Equal(result.LastCheckpointId, recorder.Of(Duration).Count);
        Assert.All(recorder.Of(Duration), m => Assert.True(m.Value >= 0));
        // Each checkpoint wrote metadata and one file per subtask: never empty.
        Assert.Equal(result.LastCheckpointId, recorder.Of(Size).Count);
        Assert.All(recorder.Of(Size), m => Assert.True(m.Value > 0));
        // One lock-held time per subtask per checkpoint.
        Assert.Equal(3 * result.LastCheckpointId, recorder.Of(LockHeld).Count);
        Assert.All(recorder.Of(Completed), m => Assert.Equal("checkpoint", m.Tags[CheckpointingMetrics.KindTag]));
    }

    [Fact]
    public async Task Records_emitted_are_reported_while_the_job_runs_not_only_at_its_end()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        var env = new StreamExecutionEnvironment { Parallelism = 2 };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new LimitedCounter(long.MaxValue)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        var client = await env.StartAsync(job);
        using (var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            while (recorder.Of(Records).Count == 0) await Task.Delay(5, hang.Token);

        Assert.False(client.Completion.IsCompleted);
        Assert.True(recorder.Sum(Records) > 0);
        await client.CancelAsync();
    }

    [Fact]
    public async Task Savepoints_are_completed_checkpoints_tagged_as_savepoints()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        var env = new StreamExecutionEnvironment { Parallelism = 2 };
        env.AddSource(() => new LimitedCounter(long.MaxValue)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        var client = await env.StartAsync(job);
        var savepoints = Path.Combine(Path.GetTempPath(), "checkpointing-metrics-" + Guid.NewGuid().ToString("N"));
        try
        {
            await client.TriggerSavepointAsync(savepoints);
            await client.StopWithSavepointAsync(savepoints);
        }
        finally
        {
            Directory.Delete(savepoints, recursive: true);
        }

        var completed = recorder.Of(Completed);
        Assert.Equal(2, completed.Count);
        Assert.All(completed, m => Assert.Equal("savepoint", m.Tags[CheckpointingMetrics.KindTag]));
        Assert.Equal(4, recorder.Of(LockHeld).Count);
        // Stopped jobs report what their sources emitted too.
        Assert.True(recorder.Sum(Records) > 0);
    }

    [Fact]
    public async Task A_failing_snapshot_counts_a_failed_checkpoint_and_the_restart_it_causes()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        var faults = new Faults(snapshotFailures: 1);
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(10)) };
        env.AddSource(() => new LimitedCounter(5_000, faults)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        var result = await env.ExecuteAsync(job);

        Assert.Equal(1, result.Restarts);
        Assert.Equal(1, recorder.Sum(Failed));
        Assert.Equal(1, recorder.Sum(Restarts));
        Assert.All(recorder.Of(Restarts), m => Assert.Equal(job, m.Tags[CheckpointingMetrics.JobTag]));
    }

    [Fact]
    public async Task Restarts_are_counted_per_job()
    {
        var job = UniqueJob();
        using var recorder = new MeasurementRecorder(job);
        var faults = new Faults(runFailures: 2);
        var env = new StreamExecutionEnvironment { Parallelism = 1, RestartStrategy = RestartStrategy.FixedDelay(5, TimeSpan.FromMilliseconds(10)) };
        env.AddSource(() => new LimitedCounter(100, faults)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        var result = await env.ExecuteAsync(job);

        Assert.Equal(2, result.Restarts);
        Assert.Equal(2, recorder.Sum(Restarts));
        Assert.Empty(recorder.Of(Failed));
    }

    private static async Task<JobResult> Run(string job, int parallelism, long limit)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(5));
        env.AddSource(() => new LimitedCounter(limit)).Uid("counter").AddSink(() => new DiscardingSink<long>());
        return await env.ExecuteAsync(job);
    }

    private static string UniqueJob() => "metrics-" + Guid.NewGuid().ToString("N");
}
