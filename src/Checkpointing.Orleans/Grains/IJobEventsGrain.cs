using Orleans.Concurrency;

namespace Checkpointing.Orleans;

/// <summary>
/// The job grain's side for its workers (the same grain as <see cref="ICheckpointingJobGrain"/>, under this second
/// interface so that the plumbing stays out of the public one).
/// </summary>
internal interface IJobEventsGrain : IGrainWithStringKey
{
    /// <summary>What a worker's subtasks tell the job (see <see cref="WorkerEvent"/>); events of another run than the current one are dropped.</summary>
    [OneWay]
    Task ReportAsync(RunId run, WorkerEvent workerEvent);

    /// <summary>The job ran under an activation that is gone: start it again from its latest complete checkpoint (no effect when it runs).</summary>
    [OneWay]
    Task ResumeAsync();
}

/// <summary>What happened to a worker's subtask (the worker's <c>IWorkerEvents</c> callbacks, across silos).</summary>
[GenerateSerializer, Immutable]
internal sealed record WorkerEvent(
    [property: Id(0)] WorkerEventKind Kind,
    [property: Id(1)] int Source,
    [property: Id(2)] int Index,
    [property: Id(3)] string? Detail);

/// <summary>The kinds of <see cref="WorkerEvent"/>.</summary>
internal enum WorkerEventKind
{
    /// <summary>The subtask's source returned.</summary>
    SubtaskFinished,

    /// <summary>The subtask failed; <see cref="WorkerEvent.Detail"/> says why.</summary>
    SubtaskFailed,

    /// <summary>The source calls Collect without the checkpoint lock; <see cref="WorkerEvent.Detail"/> is its uid.</summary>
    SubtaskEmitsWithoutLock,

    /// <summary>The worker cannot go on (a checkpoint listener threw, or its silo is shutting down).</summary>
    WorkerFailed,
}
