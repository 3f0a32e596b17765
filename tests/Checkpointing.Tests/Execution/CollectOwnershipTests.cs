using Checkpointing.Tests.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Execution;

/// <summary>
/// Collect trusts the source to hold the checkpoint lock and verifies it now and then; a source found emitting without
/// it gets its chain run under the lock from then on, and a warning says so.
/// </summary>
public class CollectOwnershipTests
{
    [Fact]
    public async Task A_source_that_never_takes_the_lock_has_every_record_delivered_under_it()
    {
        var probe = new LockProbe();
        var logs = new CapturingLoggerFactory();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart, LoggerFactory = logs };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(1));
        env.AddSource(() => new EmittingSource(20_000, probe, lockEvery: 0)).Uid("unlocked").AddSink(() => new LockCheckingSink(probe));

        var result = await env.ExecuteAsync("unlocked").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(20_000, probe.Delivered);
        Assert.Equal(0, probe.DeliveredWithoutLock);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("without holding ctx.CheckpointLock"));
        Assert.Contains("of unlocked in job unlocked", warning.Message);
    }

    [Fact]
    public async Task A_source_that_skips_the_lock_on_some_records_is_found_and_guarded()
    {
        // Locks 63 records of every 64, and the one left out never sits at a multiple of 64: a fixed stride of 64 would
        // never see it. Checks land at random intervals (about 3,000 of them here), so missing every unlocked record
        // has a probability of (63/64)^3000, below 1e-20.
        var probe = new LockProbe();
        var logs = new CapturingLoggerFactory();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart, LoggerFactory = logs };
        env.AddSource(() => new EmittingSource(200_000, probe, lockEvery: 64, skipOffset: 63)).Uid("sometimes").AddSink(() => new LockCheckingSink(probe));

        var result = await env.ExecuteAsync("sometimes").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(200_000, probe.Delivered);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("without holding ctx.CheckpointLock"));
    }

    [Fact]
    public async Task A_source_that_always_holds_the_lock_is_not_reported()
    {
        var probe = new LockProbe();
        var logs = new CapturingLoggerFactory();
        var env = new StreamExecutionEnvironment { LoggerFactory = logs };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(1));
        env.AddSource(() => new EmittingSource(50_000, probe, lockEvery: 1)).Uid("locked").AddSink(() => new LockCheckingSink(probe));

        var result = await env.ExecuteAsync("locked").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(50_000, probe.Delivered);
        Assert.Equal(0, probe.DeliveredWithoutLock);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("without holding ctx.CheckpointLock"));
    }

    /// <summary>Shares the subtask's lock with the sink, so the sink can tell whether a record reached it under the lock.</summary>
    private sealed class LockProbe
    {
        public object? Gate;
        public long Delivered;
        public long DeliveredWithoutLock;
    }

    /// <summary>Emits 0..limit-1; takes the lock for record n unless lockEvery is 0 or n % lockEvery == skipOffset.</summary>
    private sealed class EmittingSource(long limit, LockProbe probe, int lockEvery, int skipOffset = -1) : ISourceFunction<long>
    {
        public void Run(ISourceContext<long> ctx)
        {
            probe.Gate = ctx.CheckpointLock;
            for (long n = 0; n < limit; n++)
            {
                var locked = lockEvery != 0 && n % lockEvery != skipOffset;
                if (locked)
                {
                    lock (ctx.CheckpointLock) ctx.Collect(n);
                }
                else
                {
#pragma warning disable CKPT002 // the point of the test: emitting without the lock
                    ctx.Collect(n);
#pragma warning restore CKPT002
                }
            }
        }

        public void Cancel() { }
    }

    private sealed class LockCheckingSink(LockProbe probe) : ISinkFunction<long>
    {
        public void Invoke(long value)
        {
            probe.Delivered++;
            if (probe.Gate is null || !Monitor.IsEntered(probe.Gate)) probe.DeliveredWithoutLock++;
        }
    }
}
