using Checkpointing.S3.Tests.Jobs;

namespace Checkpointing.S3.Tests.Infrastructure;

/// <summary>The files of one real checkpoint, as the runtime wrote them (state files and <c>_metadata</c>).</summary>
public sealed record RecordedCheckpoint(long Id, IReadOnlyDictionary<string, byte[]> StateFiles, byte[] Metadata);

/// <summary>
/// Two consecutive checkpoints of a real job, taken once with the file system storage: tests replay their bytes
/// through the S3 storage exactly as the runtime writes a checkpoint (state files, then metadata), which makes every
/// request of a checkpoint deterministic and countable.
/// </summary>
public static class RecordedCheckpoints
{
    private static readonly Lazy<Task<(RecordedCheckpoint Older, RecordedCheckpoint Newer)>> Recorded = new(RecordAsync);

    public static Task<(RecordedCheckpoint Older, RecordedCheckpoint Newer)> GetAsync() => Recorded.Value;

    private static async Task<(RecordedCheckpoint, RecordedCheckpoint)> RecordAsync()
    {
        var folder = Directory.CreateTempSubdirectory("s3-recorded-").FullName;
        try
        {
            var storage = new FileSystemCheckpointStorage(folder);
            var env = new StreamExecutionEnvironment { Parallelism = 2, CheckpointStorage = storage, MaxRetainedCheckpoints = 2 };
            env.EnableCheckpointing(TimeSpan.FromMilliseconds(30));
            env.AddSource(() => new PacedCounterSource(600)).Uid("counter")
               .AddSink(() => new DiscardingSink<long>()).Uid("sink");
            var result = await env.ExecuteAsync("recorded").WaitAsync(TimeSpan.FromSeconds(30));
            if (result.Status != JobStatus.Finished) throw new InvalidOperationException($"The recording job ended {result.Status}.");
            var checkpoints = await storage.ListCheckpointsAsync("recorded");
            if (checkpoints.Count < 2) throw new InvalidOperationException($"The recording job left {checkpoints.Count} checkpoint(s), not 2.");
            return (Read(checkpoints[1]), Read(checkpoints[0]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static RecordedCheckpoint Read(StoredCheckpoint stored)
    {
        var files = Directory.GetFiles(stored.Location).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
        var metadata = files[CheckpointTarget.MetadataFileName];
        files.Remove(CheckpointTarget.MetadataFileName);
        return new RecordedCheckpoint(stored.CheckpointId, files, metadata);
    }
}
