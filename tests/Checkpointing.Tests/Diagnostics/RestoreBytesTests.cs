using Checkpointing.Tests.Execution;
using Record = Checkpointing.Tests.Execution.Record;

namespace Checkpointing.Tests.Diagnostics;

/// <summary>
/// <c>checkpointing.restore.bytes</c>: on a restore each worker receives only its subtasks' share of the state, never
/// the whole checkpoint (Flink's FLINK-10122 shipped union state to every subtask), and the shares add up to it.
/// </summary>
public class RestoreBytesTests
{
    private const int Partitions = 6;

    [Fact]
    public async Task A_restore_on_three_workers_gives_each_worker_its_share_and_the_shares_add_up_to_the_savepoint_state()
    {
        const long limit = 4_000;
        using var dir = new TempDirectory();
        var probe = new JobProbe { Pace = TimeSpan.FromMilliseconds(1) };
        var first = new StreamExecutionEnvironment { Parallelism = 2 };
        first.EnableCheckpointing(TimeSpan.FromMilliseconds(20));
        first.AddSource(() => new PartitionedSource(Partitions, limit, probe)).Uid("source").Map(probe.Observe).AddSink(() => new DiscardingSink<Record>()).Uid("sink");
        var running = await first.StartAsync("restore-bytes");
        while (probe.Seen < 300) await Task.Delay(5);
        var savepoint = await running.StopWithSavepointAsync(dir.Path);
        await running.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        var reader = SavepointReader.Load(savepoint);
        var source = reader.Operator("source");
        var stored = source.States.Sum(state => Enumerable.Range(0, source.Parallelism).Sum(i => reader.ReadUnits("source", state.Name, i).Sum(u => (long)u.Length)));

        using var recorder = new MeasurementRecorder("restore-bytes-3");
        var resumed = new StreamExecutionEnvironment { Parallelism = 6, LocalWorkers = 3 };
        resumed.RestoreFrom(savepoint);
        resumed.AddSource(() => new PartitionedSource(Partitions, limit, new JobProbe())).Uid("source").AddSink(() => new DiscardingSink<Record>()).Uid("sink");
        var result = await resumed.ExecuteAsync("restore-bytes-3").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        var perWorker = recorder.Of(CheckpointingMetrics.Instruments.RestoreBytes).ToDictionary(m => (int)m.Tags[CheckpointingMetrics.WorkerTag]!, m => (long)m.Value);
        Assert.Equal([0, 1, 2], perWorker.Keys.Order());
        var total = perWorker.Values.Sum();
        // Six partitions' offsets over three workers of two subtasks each: every worker gets some, none gets all.
        Assert.All(perWorker.Values, bytes => Assert.InRange(bytes, 1, total - 1));
        // Even-split state: each unit goes to exactly one subtask, so the shares hold every unit once.
        Assert.Equal(stored, total);
    }
}
