namespace Checkpointing.Tests.Execution;

/// <summary>Collect runs the chain under the checkpoint lock only if the source holds it; the runtime verifies that.</summary>
public class CollectOwnershipTests
{
    [Fact]
    public async Task A_source_that_never_takes_the_lock_fails_on_its_first_record()
    {
        var sink = new CountingSink();
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new EmittingSource(100, lockEvery: 0)).Uid("unlocked").AddSink(() => sink);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.ExecuteAsync("unlocked").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("'unlocked' called ISourceContext.Collect without holding ctx.CheckpointLock", error.Message);
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public async Task A_source_that_locks_only_on_some_records_is_caught()
    {
        // Locks 63 records of every 64, and the one left out never sits at a multiple of 64: a fixed stride of 64 would
        // never see it. Checks land at random intervals (about 3,000 of them here), so missing every unlocked record
        // has a probability of (63/64)^3000, below 1e-20.
        var env = new StreamExecutionEnvironment { RestartStrategy = RestartStrategy.NoRestart };
        env.AddSource(() => new EmittingSource(200_000, lockEvery: 64, skipOffset: 63)).Uid("sometimes").AddSink(() => new CountingSink());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.ExecuteAsync("sometimes").WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("without holding ctx.CheckpointLock", error.Message);
    }

    [Fact]
    public async Task A_source_that_always_holds_the_lock_delivers_every_record()
    {
        var sink = new CountingSink();
        var env = new StreamExecutionEnvironment();
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(1));
        env.AddSource(() => new EmittingSource(50_000, lockEvery: 1)).Uid("locked").AddSink(() => sink);

        var result = await env.ExecuteAsync("locked").WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        Assert.Equal(50_000, sink.Count);
    }

    /// <summary>Emits 0..limit-1; takes the lock for record n unless lockEvery is 0 or n % lockEvery == skipOffset.</summary>
    private sealed class EmittingSource(long limit, int lockEvery, int skipOffset = -1) : ISourceFunction<long>
    {
        public void Run(ISourceContext<long> ctx)
        {
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

    private sealed class CountingSink : ISinkFunction<long>
    {
        public long Count;

        public void Invoke(long value) => Count++;
    }
}
