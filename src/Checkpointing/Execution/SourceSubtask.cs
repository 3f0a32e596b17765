using System.Diagnostics;
using Checkpointing.Snapshots;

namespace Checkpointing.Execution;

/// <summary>Callbacks from subtasks to the execution that runs them.</summary>
internal abstract class SubtaskHost
{
    public abstract string JobName { get; }
    public abstract int Parallelism { get; }
    public abstract void SubtaskFinished(ISubtask subtask);
    public abstract void SubtaskFailed(ISubtask subtask, Exception error);
}

/// <summary>One parallel instance of a pipeline: a source thread and its chain, guarded by one checkpoint lock.</summary>
internal interface ISubtask
{
    int Index { get; }
    IReadOnlyList<OperatorInstance> Operators { get; }
    long RecordsEmitted { get; }
    void Start();
    void Cancel();
    bool Join(TimeSpan timeout);

    /// <summary>Snapshots every stateful function of the chain under the checkpoint lock; optionally stops passing records on afterwards.</summary>
    SubtaskSnapshot Snapshot(long checkpointId, long timestamp, bool muteAfter);

    void Unmute();

    /// <summary>Runs <paramref name="action"/> on every function of the chain, under the checkpoint lock.</summary>
    void UnderLock(Action<OperatorInstance> action);
}

/// <summary>What one subtask contributed to a checkpoint, and how long its lock was held for it.</summary>
internal sealed record SubtaskSnapshot(int SubtaskIndex, IReadOnlyList<OperatorSubtaskState> Parts, IReadOnlyList<Func<CancellationToken, Task>> AsyncParts, TimeSpan LockHeld);

internal sealed class SourceSubtask<T> : ISubtask, ISourceContext<T>
{
    private readonly SubtaskHost host;
    private readonly ISourceFunction<T> source;
    private readonly IOutput<T> output;
    private readonly object gate = new();
    private readonly Thread thread;
    private bool muted;
    private long emitted;

    public SourceSubtask(SubtaskHost host, int index, ISourceFunction<T> source, IOutput<T> output, IReadOnlyList<OperatorInstance> operators)
    {
        this.host = host;
        this.source = source;
        this.output = output;
        Index = index;
        Operators = operators;
        thread = new Thread(RunSource)
        {
            IsBackground = true,
            Name = $"{host.JobName}: {operators[0].Uid} ({index + 1}/{host.Parallelism})",
        };
    }

    public int Index { get; }
    public IReadOnlyList<OperatorInstance> Operators { get; }
    public long RecordsEmitted => Volatile.Read(ref emitted);
    public object CheckpointLock => gate;

    public void Collect(T element)
    {
        // A correct source already holds the checkpoint lock here (API.md). Asking Monitor whether this thread owns it
        // costs no atomic operation, where re-entering it costs two (enter and exit) on every record.
        if (Monitor.IsEntered(gate))
        {
            Emit(element);
            return;
        }
        // Taking it here keeps the chain under the lock even when a source forgets to (the analyzer reports that case).
        lock (gate) Emit(element);
    }

    private void Emit(T element)
    {
        if (muted) return;
        output.Collect(element);
        emitted++;
    }

    public void Start() => thread.Start();

    public void Cancel() => source.Cancel();

    public bool Join(TimeSpan timeout) => thread.ThreadState == System.Threading.ThreadState.Unstarted || thread.Join(timeout);

    public SubtaskSnapshot Snapshot(long checkpointId, long timestamp, bool muteAfter)
    {
        lock (gate)
        {
            var start = Stopwatch.GetTimestamp();
            var parts = new List<OperatorSubtaskState>(Operators.Count);
            var asyncParts = new List<Func<CancellationToken, Task>>();
            foreach (var op in Operators)
            {
                if (op.State is null) continue;
                var (state, work) = FunctionState.SnapshotSynchronousPart(op.State, op.Uid, Index, host.Parallelism, checkpointId, timestamp);
                parts.Add(state);
                asyncParts.AddRange(work);
            }
            if (muteAfter) muted = true;
            return new SubtaskSnapshot(Index, parts, asyncParts, Stopwatch.GetElapsedTime(start));
        }
    }

    public void Unmute()
    {
        lock (gate) muted = false;
    }

    public void UnderLock(Action<OperatorInstance> action)
    {
        lock (gate)
        {
            foreach (var op in Operators) action(op);
        }
    }

    private void RunSource()
    {
        try
        {
            source.Run(this);
            host.SubtaskFinished(this);
        }
        catch (Exception e)
        {
            host.SubtaskFailed(this, e);
        }
    }
}
