using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Storage;

/// <summary>The storage contract's calls in the short forms these tests read best in, each the runtime's own path.</summary>
internal static class StorageCalls
{
    public static CheckpointTarget Begin(this CheckpointStorage storage, string job, long id) => storage.BeginCheckpoint(job, id);

    /// <summary>What a resume picks: the newest checkpoint that loads, damaged ones logged and skipped; null when none loads.</summary>
    public static CompletedCheckpoint? LoadLatest(this CheckpointStorage storage, string job, ILogger logger) =>
        StorageReading.LoadNewestForResumeAsync(storage.ListCheckpointsAsync(job).GetAwaiter().GetResult(), job, startFreshIfNoneLoads: true, logger)
            .GetAwaiter().GetResult();

    public static Task<CompletedCheckpoint?> LoadLatestAsync(CheckpointStorage storage, string job) =>
        Task.Run(() => storage.LoadLatest(job, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

    public static long HighestId(this CheckpointStorage storage, string job) => storage.HighestIdAsync(job).GetAwaiter().GetResult();

    public static void Discard(this CheckpointStorage storage, string job, long id) =>
        storage.DiscardAsync(storage.ListCheckpointsAsync(job).GetAwaiter().GetResult().Single(c => c.CheckpointId == id)).GetAwaiter().GetResult();

    public static void Abort(this CheckpointTarget target) => target.AbortAsync(CancellationToken.None).GetAwaiter().GetResult();

    public static CompletedCheckpoint LoadFolder(string folder) => CompletedCheckpoint.LoadAsync(new FileSystemCheckpointStorage(folder).Open(folder)).GetAwaiter().GetResult();
}
