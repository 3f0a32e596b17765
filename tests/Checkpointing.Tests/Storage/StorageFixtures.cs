using Checkpointing.Snapshots;
using Checkpointing.Format;
using Checkpointing.Storage;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Tests.Storage;

/// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ckpt-storage-tests-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Writes checkpoints through <see cref="CheckpointTarget"/> the way the coordinator does, and reads their content back.</summary>
internal static class Checkpoints
{
    public const string Job = "storage-test";
    public const string Operator = "op";
    public const int Parallelism = 2;

    private static readonly ListStateDescriptor<long> Values = new("values");

    /// <summary>The units subtask <paramref name="subtask"/> writes in checkpoint <paramref name="id"/>: they name both, so a mix-up shows.</summary>
    public static long[] UnitsOf(long id, int subtask) => [id * 1000 + subtask * 10, id * 1000 + subtask * 10 + 1];

    /// <summary>Each subtask's state file, named and encoded as the coordinator does.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Files(long id) =>
        [.. Enumerable.Range(0, Parallelism).Select(i =>
        {
            var part = FunctionState.Snapshot(new Writer(UnitsOf(id, i)), Operator, i, Parallelism, id, timestamp: id * 10);
            return ($"subtask-{i}", SubtaskStateFile.Encode(id, [part]));
        })];

    public static byte[] Metadata(long id, IEnumerable<(string Name, byte[] Bytes)> files, long epoch = 0) =>
        new CheckpointMetadata(id, id * 10, Job, false, [.. files.Select(f => new StateFileInfo(f.Name, f.Bytes.Length, Envelope.Checksum(f.Bytes)))], epoch).ToBytes();

    /// <summary>Begin → WriteFileAsync for each subtask → CommitAsync, as a run with job epoch <paramref name="epoch"/> does.</summary>
    public static async Task<string> WriteAsync(CheckpointStorage storage, long id, long epoch = 0)
    {
        var target = epoch == 0 ? storage.Begin(Job, id) : storage.BeginCheckpoint(Job, id, epoch);
        var files = Files(id);
        foreach (var (name, bytes) in files) await target.WriteFileAsync(name, bytes, CancellationToken.None);
        await target.CommitAsync(Metadata(id, files, epoch), CancellationToken.None);
        return target.Location;
    }

    /// <summary>The units each subtask gets back from <paramref name="checkpoint"/> at the parallelism it was written at.</summary>
    public static long[][] Restored(CompletedCheckpoint checkpoint)
    {
        var result = new List<long[]>();
        CheckpointHarness.Restore(checkpoint.Operators[Operator], Parallelism, () => new Reader(units => result.Add(units)));
        return [.. result];
    }

    /// <summary>Asserts <paramref name="checkpoint"/> is checkpoint <paramref name="id"/> with exactly the state written for it.</summary>
    public static void AssertIs(long id, CompletedCheckpoint? checkpoint)
    {
        Assert.NotNull(checkpoint);
        Assert.Equal(id, checkpoint.CheckpointId);
        Assert.Equal(id * 10, checkpoint.Timestamp);
        var restored = Restored(checkpoint);
        for (var i = 0; i < Parallelism; i++) Assert.Equal(UnitsOf(id, i), restored[i]);
    }

    private sealed class Writer(long[] units) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context) => context.AddRange(Values, units);

        public void RestoreState(IRestoreContext context) { }
    }

    private sealed class Reader(Action<long[]> received) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context) { }

        public void RestoreState(IRestoreContext context) => received([.. context.Get(Values)]);
    }
}

/// <summary>Keeps what <see cref="StorageCalls.LoadLatest"/> logs, so tests can see why a checkpoint was skipped.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Add(formatter(state, exception));
}
