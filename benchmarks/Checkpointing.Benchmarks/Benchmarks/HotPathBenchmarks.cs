using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Checkpointing.Benchmarks.Reporting;
using Checkpointing.Benchmarks.State;

namespace Checkpointing.Benchmarks.Benchmarks;

/// <summary>
/// Issue 7, benchmark 1 — the per-record cost of the lock design. One CounterSource subtask chained to a discarding
/// sink, checkpointed every 100 ms to file storage, against a bare loop that takes the same lock and emits the same
/// records with no runtime. Time per record; records/s is its inverse, so the throughput ratio is 1 / Ratio.
/// </summary>
[Config(typeof(Config))]
public class HotPathBenchmarks
{
    /// <summary>Records per invocation: several 100 ms checkpoints per job run, and job start and end amortized.</summary>
    public const int Records = 50_000_000;

    private StreamExecutionEnvironment env = null!;
    private string folder = null!;
    private DiscardingSink? lastSink;
    private long lastCheckpointId;
    private long runs;
    private long checkpoints;
    private LockHeldListener? listener;

    [GlobalSetup(Target = nameof(Runtime))]
    public void SetupRuntime()
    {
        folder = Settings.NewScratchFolder("hot-path");
        env = new StreamExecutionEnvironment { Parallelism = 1 };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        env.CheckpointStorage = new FileSystemCheckpointStorage(folder);
        env.RestartStrategy = RestartStrategy.NoRestart;
        env.AddSource(() => new BenchCounterSource(Records)).Uid("counter")
           .AddSink(() => lastSink = new DiscardingSink()).Uid("discard");
        listener = new LockHeldListener();
    }

    [GlobalCleanup(Target = nameof(Runtime))]
    public void CleanupRuntime()
    {
        if (runs > 0)
        {
            SideData.Record("hot-path", nameof(Runtime), "", "checkpoints per job run (periodic and final)", (double)checkpoints / runs, "checkpoints");
            if (listener?.Median() is { } median) SideData.Record("hot-path", nameof(Runtime), "", "lock held per checkpoint (median)", median, "us");
            if (listener?.Max() is { } max) SideData.Record("hot-path", nameof(Runtime), "", "lock held per checkpoint (max)", max, "us");
        }
        listener?.Dispose();
        Settings.DeleteScratch(folder);
    }

    /// <summary>The bare loop: lock, emit to the sink, advance the offset — per record, no runtime.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public long BareLoop()
    {
        var sink = new DiscardingSink();
        var loop = new BareCounterLoop(Records, sink);
        if (loop.Run() != Records) throw new InvalidOperationException("The bare loop stopped early.");
        return sink.Checksum;
    }

    /// <summary>
    /// The bare loop once its lock has been contended: what any design pays once a second thread (the checkpoint
    /// coordinator) takes the source's lock, since .NET then keeps the lock in a sync block. Not the target's baseline.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long BareLoopContended()
    {
        var sink = new DiscardingSink();
        var loop = new BareCounterLoop(Records, sink, contendFirst: true);
        if (loop.Run() != Records) throw new InvalidOperationException("The bare loop stopped early.");
        return sink.Checksum;
    }

    /// <summary>A real job: source thread, Collect through the chain, periodic checkpoints to files, final checkpoint.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long Runtime()
    {
        var result = env.ExecuteAsync("hot-path").GetAwaiter().GetResult();
        if (result.Status != JobStatus.Finished) throw new InvalidOperationException($"The job ended {result.Status}.");
        var sink = lastSink ?? throw new InvalidOperationException("No sink was created.");
        const long expected = (long)Records * (Records - 1) / 2;
        if (sink.Checksum != expected) throw new InvalidOperationException($"The sink saw checksum {sink.Checksum}, expected {expected}.");
        checkpoints += result.LastCheckpointId - lastCheckpointId;
        lastCheckpointId = result.LastCheckpointId;
        runs++;
        return sink.Checksum;
    }

    // What the runtime's per-record cost is made of: the same source and chain shape on this thread, with no
    // runtime around it, under four designs of Collect (see State/CollectDesigns.cs).

    /// <summary>Collect with no lock of its own (Flink's contract). The ceiling for any design that keeps the chain.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DesignNoCheck()
    {
        var sink = new DiscardingSink();
        return RunDesign(new NoCheckContext(new SinkChainOutput(sink)), sink);
    }

    /// <summary>Collect verifies ownership at random intervals averaging 64 records and fails without it (the runtime now).</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DesignSampledCheck()
    {
        var sink = new DiscardingSink();
        return RunDesign(new SampledCheckContext(new SinkChainOutput(sink)), sink);
    }

    /// <summary>Collect asks Monitor.IsEntered on every record and locks only when the caller does not hold the lock (the runtime before).</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DesignIsEntered()
    {
        var sink = new DiscardingSink();
        return RunDesign(new IsEnteredContext(new SinkChainOutput(sink)), sink);
    }

    /// <summary>Collect re-enters the lock on every record (the runtime's first design).</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DesignReenter()
    {
        var sink = new DiscardingSink();
        return RunDesign(new ReenterContext(new SinkChainOutput(sink)), sink);
    }

    private static long RunDesign(ISourceContext<long> context, DiscardingSink sink)
    {
        new BenchCounterSource(Records).Run(context);
        const long expected = (long)Records * (Records - 1) / 2;
        if (sink.Checksum != expected) throw new InvalidOperationException($"The sink saw checksum {sink.Checksum}, expected {expected}.");
        return sink.Checksum;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            if (!Settings.Dry) AddJob(Jobs.HotPath);
        }
    }
}
