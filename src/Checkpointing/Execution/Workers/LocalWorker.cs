using System.Collections.Concurrent;
using Checkpointing.Format;
using Checkpointing.Snapshots;
using Microsoft.Extensions.Logging;

namespace Checkpointing.Execution;

/// <summary>
/// A worker in this process: each subtask on its own thread with its own checkpoint lock. Every wait for a lock runs
/// on a dedicated thread (see <see cref="OffPool(Action)"/>), never on the caller's.
/// </summary>
internal sealed class LocalWorker(JobSettings settings, int attempt, IWorkerEvents events, ILogger logger) : SubtaskHost, IWorker
{
    private readonly List<(SubtaskId Id, ISubtask Subtask)> hosted = [];
    private readonly Dictionary<ISubtask, SubtaskId> ids = new(ReferenceEqualityComparer.Instance);
    // Snapshots taken but not yet written, by checkpoint id, aligned with `hosted`. Snapshots of an aborted checkpoint
    // whose locks came late land here after its abort; the next written checkpoint drops them.
    private readonly ConcurrentDictionary<long, SubtaskSnapshot[]> pending = new();

    /// <summary>Each attempt runs on <paramref name="count"/> workers in this process (tests run several, to exercise the seam without another process).</summary>
    public static WorkerFactory Factory(int count) => (settings, attempt, events, logger) =>
        [.. Enumerable.Range(0, count).Select(_ => new LocalWorker(settings, attempt, events, logger))];

    public override string JobName => settings.JobName;
    public override int Parallelism => settings.Parallelism;

    /// <summary>The subtasks this worker hosts, in deployment order.</summary>
    public IReadOnlyList<ISubtask> Subtasks => [.. hosted.Select(h => h.Subtask)];

    public Task DeployAsync(IReadOnlyList<SubtaskDeployment> deployments)
    {
        var created = new List<ISubtask>(deployments.Count);
        foreach (var deployment in deployments)
        {
            var subtask = settings.Pipelines[deployment.Id.Source].CreateSubtask(deployment.Id.Index, this);
            Host(deployment.Id, subtask);
            created.Add(subtask);
            foreach (var op in subtask.Operators)
                if (op.Rich is { } rich)
                    rich.RuntimeContext = new RuntimeContext(JobName, op.Uid, subtask.Index, Parallelism, attempt, settings.LoggerFactory.CreateLogger(op.Function.GetType()));
        }
        // Restored only once every subtask exists and has its context, as functions may look at either while restoring.
        for (var i = 0; i < deployments.Count; i++)
            foreach (var restore in deployments[i].Restores)
                foreach (var op in created[i].Operators.Where(o => o.Uid == restore.OperatorUid))
                    FunctionState.Restore(op.Function, restore.OperatorUid, restore.CheckpointId, deployments[i].Id.Index, Parallelism, restore.PreviousParallelism, restore.Share, settings.AllowNonRestoredState);
        return Task.CompletedTask;
    }

    /// <summary>Hosts a subtask built elsewhere (the benchmarks' rig builds its own).</summary>
    public void Host(SubtaskId id, ISubtask subtask)
    {
        hosted.Add((id, subtask));
        ids.Add(subtask, id);
    }

    public Task OpenAsync()
    {
        foreach (var (_, subtask) in hosted)
            for (var i = subtask.Operators.Count - 1; i >= 0; i--)
                subtask.Operators[i].Rich?.Open();
        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
        foreach (var (_, subtask) in hosted) subtask.Start();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<TimeSpan>> SnapshotAsync(long checkpointId, long timestamp, bool muteAfter)
    {
        var snapshots = await Task.WhenAll(hosted.Select(h => OffPool(() => h.Subtask.Snapshot(checkpointId, timestamp, muteAfter)))).ConfigureAwait(false);
        pending[checkpointId] = snapshots;
        return [.. snapshots.Select(s => s.LockHeld)];
    }

    public async Task<IReadOnlyList<WrittenSubtaskState>> WriteAsync(long checkpointId, CheckpointTarget target, CancellationToken cancellationToken)
    {
        foreach (var stale in pending.Keys.Where(id => id < checkpointId)) pending.TryRemove(stale, out _);
        if (!pending.TryRemove(checkpointId, out var snapshots))
            throw new InvalidOperationException($"No snapshot of checkpoint {checkpointId} was taken in this worker of job '{JobName}'.");
        return await Task.WhenAll(snapshots.Select((snapshot, i) =>
            Task.Run(() => WriteSubtaskAsync(target, checkpointId, hosted[i].Id, snapshot, cancellationToken), CancellationToken.None))).ConfigureAwait(false);
    }

    private static async Task<WrittenSubtaskState> WriteSubtaskAsync(CheckpointTarget target, long checkpointId, SubtaskId id, SubtaskSnapshot snapshot, CancellationToken token)
    {
        foreach (var part in snapshot.AsyncParts) await part(token).ConfigureAwait(false);
        var bytes = SubtaskStateFile.Encode(checkpointId, snapshot.Parts);
        await target.WriteFileAsync(id.StateFileName, bytes, token).ConfigureAwait(false);
        return new WrittenSubtaskState(id, new StateFileInfo(id.StateFileName, bytes.Length, Envelope.Checksum(bytes)), snapshot.Parts);
    }

    public Task NotifyCompleteAsync(long checkpointId) =>
        OnEachSubtaskUnderLock(op => op.Listener?.NotifyCheckpointComplete(checkpointId), nameof(ICheckpointListener.NotifyCheckpointComplete), checkpointId);

    public Task NotifyAbortedAsync(long checkpointId)
    {
        pending.TryRemove(checkpointId, out _);
        return OnEachSubtaskUnderLock(op => op.Listener?.NotifyCheckpointAborted(checkpointId), nameof(ICheckpointListener.NotifyCheckpointAborted), checkpointId);
    }

    // Unmuting takes each subtask's lock: off the caller's thread, like every other lock wait here.
    public Task UnmuteAsync() => Task.WhenAll(hosted.Select(h => OffPool(h.Subtask.Unmute)));

    public long RecordsEmitted => hosted.Sum(h => h.Subtask.RecordsEmitted);

    // Workers in one process share its cores: each the same share.
    public int Weight => 1;

    public Task StopAsync(TimeSpan timeout)
    {
        foreach (var (_, subtask) in hosted)
        {
            try
            {
                subtask.Cancel();
            }
            catch (Exception e)
            {
                logger.SubtaskCancelFailed(e, subtask.Index);
            }
        }
        foreach (var (_, subtask) in hosted)
            if (!subtask.Join(timeout))
                logger.SubtaskAbandoned(subtask.Index, JobName, timeout);
        return Task.CompletedTask;
    }

    public Task CloseAsync()
    {
        Exception? first = null;
        foreach (var (_, subtask) in hosted)
            foreach (var op in subtask.Operators)
            {
                try
                {
                    op.Rich?.Close();
                }
                catch (Exception e)
                {
                    logger.OperatorCloseFailed(e, op.Uid, subtask.Index);
                    first ??= new OperatorCloseException($"Close() of operator '{op.Uid}' in subtask {subtask.Index} of job '{JobName}' failed: {e.Message}", e);
                }
            }
        return first is null ? Task.CompletedTask : Task.FromException(first);
    }

    public override void SubtaskFinished(ISubtask subtask) => events.SubtaskFinished(ids[subtask]);

    public override void SubtaskFailed(ISubtask subtask, Exception error) => events.SubtaskFailed(ids[subtask], error);

    public override void SubtaskEmitsWithoutLock(ISubtask subtask) => events.SubtaskEmitsWithoutLock(ids[subtask], subtask.Operators[0].Uid);

    private Task OnEachSubtaskUnderLock(Action<OperatorInstance> action, string what, long checkpointId) =>
        Task.WhenAll(hosted.Select(h => OffPool(() =>
        {
            try
            {
                h.Subtask.UnderLock(action);
            }
            catch (Exception e)
            {
                logger.CheckpointListenerFailed(e, what, checkpointId, h.Subtask.Index);
                events.WorkerFailed(e);
            }
        })));

    /// <summary>
    /// Runs work that blocks on a checkpoint lock on its own thread. Blocking pool threads on locks that sources hold
    /// for a long time starves the pool, and with it the very timers that would abort the checkpoint.
    /// </summary>
    private static Task<T> OffPool<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task OffPool(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
