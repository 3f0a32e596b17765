using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Checkpointing.Benchmarks.State;

namespace Checkpointing.Benchmarks.Benchmarks;

/// <summary>
/// Issue 18, target 4 — what checkpointing costs a whole job. The CounterSource sample's job (CounterSource subtasks
/// into <see cref="ExactlyOnceFileSink{T}"/>, file-system checkpoint storage) run with checkpoints every 200 ms
/// against the same job without periodic checkpoints (its final checkpoint still commits the output), at parallelism
/// 1 and 4. Time per record over the whole run; the ratio of the two is the throughput kept with checkpoints on.
/// </summary>
[Config(typeof(Config))]
public class EndToEndBenchmarks
{
    /// <summary>Records per job run, shared by the subtasks: dozens of 200 ms checkpoints at parallelism 1.</summary>
    public const int Records = 40_000_000;

    private string folder = null!;
    private string output = null!;

    [Params(1, 4)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup() => folder = Settings.NewScratchFolder("end-to-end");

    [GlobalCleanup]
    public void Cleanup() => Settings.DeleteScratch(folder);

    /// <summary>Each run writes into fresh folders, so committed files of a previous run never count.</summary>
    [IterationSetup]
    public void FreshFolders()
    {
        output = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public long WithoutCheckpoints() => Run(checkpointEvery: null);

    [Benchmark(OperationsPerInvoke = Records)]
    public long CheckpointsEvery200Ms() => Run(TimeSpan.FromMilliseconds(200));

    private long Run(TimeSpan? checkpointEvery)
    {
        var records = Settings.Dry ? 40_000 : Records;
        var env = new StreamExecutionEnvironment
        {
            Parallelism = Parallelism,
            CheckpointStorage = new FileSystemCheckpointStorage(Path.Combine(output, "checkpoints")),
            RestartStrategy = RestartStrategy.NoRestart,
        };
        if (checkpointEvery is { } interval) env.EnableCheckpointing(interval);
        var sinkFolder = Path.Combine(output, "sink");
        env.AddSource(() => new BenchCounterSource(records / Parallelism)).Uid("counter")
           .AddSink(() => new ExactlyOnceFileSink<long>(sinkFolder)).Uid("file-sink");
        var result = env.ExecuteAsync("end-to-end").GetAwaiter().GetResult();
        if (result.Status != JobStatus.Finished) throw new InvalidOperationException($"The job ended {result.Status}.");
        // Every record committed: one line per record across the committed files (the sample's own check, by size).
        var committed = ExactlyOnceFileSink<long>.CommittedFiles(sinkFolder).Sum(f => new FileInfo(f).Length);
        var expected = ExpectedBytes(records / Parallelism) * Parallelism;
        if (committed != expected) throw new InvalidOperationException($"Committed {committed} bytes of output, expected {expected}.");
        return result.LastCheckpointId;
    }

    /// <summary>Bytes of the lines "0\n" … "(n-1)\n".</summary>
    private static long ExpectedBytes(long n)
    {
        long bytes = 0;
        for (long digits = 1, low = 0, high = 10; low < n; digits++, low = high, high *= 10)
            bytes += (Math.Min(n, high) - low) * (digits + 1);
        return bytes;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            if (!Settings.Dry) AddJob(Jobs.EndToEnd);
        }
    }
}
