using Checkpointing.Format;
using Checkpointing.Snapshots;

namespace Checkpointing.Execution;

/// <summary>
/// Where subtasks run (Flink's TaskExecutor): a worker hosts some of a job's subtasks on its own threads, restores
/// and opens them, snapshots them under their checkpoint locks, writes their state files, and tells them when a
/// checkpoint completed. The job's control — <see cref="JobExecution"/> (restore planning, placement) and
/// <see cref="CheckpointCoordinator"/> (triggering, metadata, notifications) — reaches subtasks only through this
/// interface, so a worker in another process can implement it; <see cref="LocalWorker"/> hosts subtasks in this one.
/// Every call is asynchronous for that reason, and none blocks its caller on a checkpoint lock.
/// </summary>
internal interface IWorker
{
    /// <summary>Creates the subtasks given and restores each from its share. A restore problem throws <see cref="CheckpointRestoreException"/>.</summary>
    Task DeployAsync(IReadOnlyList<SubtaskDeployment> deployments);

    /// <summary>Opens every function, downstream first, so a source never emits into an unopened sink. Throws what a function's Open threw.</summary>
    Task OpenAsync();

    /// <summary>Starts the source threads.</summary>
    Task StartAsync();

    /// <summary>
    /// The synchronous part of checkpoint <paramref name="checkpointId"/>: each subtask snapshots its chain under its
    /// lock (optionally stopping its output afterwards, for a stop-with-savepoint). The snapshots stay in the worker
    /// until <see cref="WriteAsync"/> or <see cref="NotifyAbortedAsync"/>. Returns how long each lock was held.
    /// </summary>
    Task<IReadOnlyList<TimeSpan>> SnapshotAsync(long checkpointId, long timestamp, bool muteAfter);

    /// <summary>
    /// The asynchronous part: runs the snapshots' asynchronous work, encodes one state file per subtask and writes it
    /// to <paramref name="target"/>; returns each file with the state it holds. No lock is held.
    /// </summary>
    Task<IReadOnlyList<WrittenSubtaskState>> WriteAsync(long checkpointId, CheckpointTarget target, CancellationToken cancellationToken);

    /// <summary>Calls NotifyCheckpointComplete on every listener, under its subtask's lock.</summary>
    Task NotifyCompleteAsync(long checkpointId);

    /// <summary>Drops the checkpoint's snapshots and calls NotifyCheckpointAborted on every listener, under its subtask's lock.</summary>
    Task NotifyAbortedAsync(long checkpointId);

    /// <summary>Lets muted sources pass records on again (a stop-with-savepoint that failed).</summary>
    Task UnmuteAsync();

    /// <summary>Its share of the subtasks relative to the other workers' (see <see cref="SubtaskPlacement"/>): 1, or its cores.</summary>
    int Weight { get; }

    /// <summary>Records the worker's sources emitted so far; a live reading may lag by a few records.</summary>
    long RecordsEmitted { get; }

    /// <summary>Cancels every source and waits up to <paramref name="timeout"/> for its thread; logs those that did not end.</summary>
    Task StopAsync(TimeSpan timeout);

    /// <summary>
    /// Closes every function; a function that throws is logged and the others still close, then the call throws an
    /// <see cref="OperatorCloseException"/> for the first one (a sink that could not commit a finished job's output, say).
    /// </summary>
    Task CloseAsync();
}

/// <summary>What a worker's callbacks tell the job's control (Flink's task execution state updates).</summary>
internal interface IWorkerEvents
{
    void SubtaskFinished(SubtaskId subtask);

    void SubtaskFailed(SubtaskId subtask, Exception error);

    /// <summary>The subtask's source calls Collect without the checkpoint lock; the subtask now takes it per record.</summary>
    void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid);

    /// <summary>Something the job cannot continue after, outside a source: a checkpoint listener threw.</summary>
    void WorkerFailed(Exception error);
}

/// <summary>One subtask a worker is to run, and the state it starts from (none on a fresh start).</summary>
internal sealed record SubtaskDeployment(SubtaskId Id, IReadOnlyList<OperatorRestore> Restores)
{
    /// <summary>The bytes of restored state it carries (the units' encoded bytes, without file headers).</summary>
    public long StateBytes => Restores.Sum(r => r.Share.Values.Sum(s => s.Chunks.Sum(c => (long)c.Length)));
}

/// <summary>The share of one operator's restored state assigned to one subtask (see <see cref="StateAssignment"/>).</summary>
internal sealed record OperatorRestore(string OperatorUid, long CheckpointId, int PreviousParallelism, IReadOnlyDictionary<string, AssignedState> Share);

/// <summary>One subtask's state file of a checkpoint, and the state it holds (kept for restarts in this process).</summary>
internal sealed record WrittenSubtaskState(SubtaskId Subtask, StateFileInfo File, IReadOnlyList<OperatorSubtaskState> Parts);
