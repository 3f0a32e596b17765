using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Checkpointing.Benchmarks.Benchmarks;

/// <summary>
/// The jobs of a real run (a dry run replaces all of them with Job.Dry in-process, see Program). Sized for a 2-core
/// machine: every comparison still runs side by side in one process launch per case.
/// </summary>
public static class Jobs
{
    /// <summary>Long invocations (a whole job run each): one launch, more iterations to average out scheduling noise.</summary>
    public static Job HotPath { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithId("HotPath");

    /// <summary>Millisecond-scale round trips: BenchmarkDotNet's ShortRun with a few more iterations.</summary>
    public static Job Serializer { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(6).WithId("Serializer");

    /// <summary>A fresh process per measurement and exactly one invocation in it: the first snapshot and restore.</summary>
    public static Job ColdStart { get; } = Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(8).WithWarmupCount(0).WithIterationCount(1).WithId("ColdStart");

    /// <summary>The lock-pause sweep: its ratio is the target, so more iterations than a plain ShortRun.</summary>
    public static Job LockPause { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("LockPause");

    /// <summary>Whole jobs of a few seconds each, with and without checkpoints: few iterations, each one job run.</summary>
    public static Job EndToEnd { get; } = Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithId("EndToEnd");

    /// <summary>The scaling sweep (45 cases up to 10M units): BenchmarkDotNet's ShortRun (1 launch, 3 warmups, 3 iterations).</summary>
    public static Job Sweep { get; } = Job.ShortRun.WithId("ShortRun");
}
