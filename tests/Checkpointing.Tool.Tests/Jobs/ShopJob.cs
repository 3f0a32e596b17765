using System.Collections.Concurrent;

namespace Checkpointing.Tool.Tests.Jobs;

/// <summary>Runs the shop job for real: periodic checkpoints into a storage folder, then a stop with a savepoint.</summary>
public static class ShopJob
{
    public const string Name = "shop";
    public const string SourceUid = "shop-source";

    public static StreamExecutionEnvironment Environment(int parallelism, string checkpoints, ConcurrentQueue<Partition> received, long limit = long.MaxValue, TimeSpan? pace = null) =>
        Environment(parallelism, new FileSystemCheckpointStorage(checkpoints), received, limit, pace);

    public static StreamExecutionEnvironment Environment(int parallelism, CheckpointStorage checkpoints, ConcurrentQueue<Partition> received, long limit = long.MaxValue, TimeSpan? pace = null)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, CheckpointStorage = checkpoints };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        env.AddSource(() => new ShopSource(8, limit, pace ?? TimeSpan.FromMilliseconds(1))).Uid(SourceUid)
           .AddSink(() => new CollectingSink(received)).Uid("shop-sink");
        return env;
    }

    /// <summary>The shop source chained to a sink with state of its own (<see cref="CountingSink"/>): two operators per state file.</summary>
    public static StreamExecutionEnvironment WithCountingSink(int parallelism, string checkpoints, long limit = long.MaxValue, TimeSpan? pace = null)
    {
        var env = new StreamExecutionEnvironment { Parallelism = parallelism, CheckpointStorage = new FileSystemCheckpointStorage(checkpoints) };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        env.AddSource(() => new ShopSource(8, limit, pace ?? TimeSpan.FromMilliseconds(1))).Uid(SourceUid)
           .AddSink(() => new CountingSink()).Uid(CountingSinkUid);
        return env;
    }

    public const string CountingSinkUid = "shop-counter";

    /// <summary>Runs until at least two checkpoints completed, then stops with a savepoint into <paramref name="savepoints"/>.</summary>
    public static Task<string> RunAndStopWithSavepointAsync(int parallelism, string checkpoints, string savepoints) =>
        RunAndStopWithSavepointAsync(parallelism, new FileSystemCheckpointStorage(checkpoints), savepoints);

    /// <summary>The same on any storage, with savepoints in a location it accepts (an s3:// prefix, say).</summary>
    public static async Task<string> RunAndStopWithSavepointAsync(int parallelism, CheckpointStorage checkpoints, string savepoints)
    {
        var received = new ConcurrentQueue<Partition>();
        var job = await Environment(parallelism, checkpoints, received).StartAsync(Name);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await CompletedAsync(checkpoints) < 2)
        {
            if (DateTime.UtcNow > deadline)
            {
                await job.CancelAsync();
                throw new TimeoutException("the job completed no two checkpoints in 60 s");
            }
            await Task.Delay(50);
        }
        return await job.StopWithSavepointAsync(savepoints).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Checkpoints of the job whose metadata exists (complete), through the storage's public contract.</summary>
    private static async Task<int> CompletedAsync(CheckpointStorage storage)
    {
        var complete = 0;
        foreach (var stored in await storage.ListCheckpointsAsync(Name))
            if (await stored.ReadFileAsync(CheckpointTarget.MetadataFileName, CancellationToken.None) is not null) complete++;
        return complete;
    }
}
