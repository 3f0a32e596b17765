using Checkpointing.Serialization;
using MessagePack.Formatters;
using Microsoft.Extensions.Logging;

namespace Checkpointing;

/// <summary>
/// A parallel source whose input is a set of splits (Kafka partitions, files), each carrying its own position.
/// <list type="bullet">
/// <item>State: one even-split unit per split, so a rescale hands whole splits, with their positions, to the new
/// subtasks; and the ids of all splits held at the checkpoint (union), so no subtask claims again a split that another
/// one received.</item>
/// <item>Discovery: <see cref="DiscoverSplits"/> lists every split that exists now, on every subtask; a split no subtask
/// holds goes to <see cref="SplitAssigner.OwnerOf(ISourceSplit, int)"/> alone, at the first discovery and then every
/// <see cref="DiscoveryInterval"/>.</item>
/// <item>Lock discipline: the <see cref="SplitReader{TSplit, T}"/> fetches outside the lock; this class emits a batch and
/// stores its positions inside one <c>lock (ctx.CheckpointLock)</c>, so a checkpoint always sees positions that match
/// exactly the records emitted. Subclasses write no locking code.</item>
/// </list>
/// </summary>
/// <typeparam name="TSplit">The split type; stored with the formatter given to the constructor (default: the one registered in <see cref="CheckpointFormatters"/>).</typeparam>
/// <typeparam name="T">The record type.</typeparam>
public abstract class SplitSource<TSplit, T> : RichParallelSourceFunction<T>, ICheckpointedFunction, ICheckpointListener
    where TSplit : ISourceSplit
{
    private readonly ListStateDescriptor<SplitState<TSplit>> splitsState;
    private readonly ListStateDescriptor<string> knownState = new("$splits.known", Redistribution.Union);
    // Splits this subtask owns, in the order it got them; written only by the source thread (under the lock once Run
    // started), read by snapshots under the lock.
    private readonly Dictionary<string, Slot> owned = new(StringComparer.Ordinal);
    // Split ids other subtasks held at the restored checkpoint: theirs, never claimed here.
    private readonly HashSet<string> heldElsewhere = new(StringComparer.Ordinal);
    // Positions of checkpoints taken but not yet complete, oldest first; the newest completed one goes to the reader.
    private readonly List<CheckpointPositions> inFlight = [];
    // Set under the lock by the listener, taken by the source thread without it (one exchange per fetch).
    private CheckpointPositions? completed;
    private int unfinished;
    // Set under the lock when emitting a batch threw: records went downstream but positions did not move, so no
    // checkpoint may include this subtask any more (the job is failing anyway).
    private bool brokenBatch;
    private volatile bool running = true;

    /// <summary>Creates the source; <paramref name="splitFormatter"/> stores splits (default: the registered formatter of <typeparamref name="TSplit"/>).</summary>
    protected SplitSource(IMessagePackFormatter<TSplit>? splitFormatter = null)
    {
        var formatter = splitFormatter ?? CheckpointFormatters.Get<TSplit>();
        splitsState = new ListStateDescriptor<SplitState<TSplit>>("$splits", Redistribution.EvenSplit, new SplitStateFormatter<TSplit>(formatter),
            $"SplitState<{TypeNames.Of<TSplit>()}>");
    }

    /// <summary>Every split that exists now, each with the position to start from if it is new. Called outside the lock, on every subtask.</summary>
    protected abstract IReadOnlyList<TSplit> DiscoverSplits();

    /// <summary>Creates the reader of this subtask's splits; called once per run, on the source thread.</summary>
    protected abstract SplitReader<TSplit, T> CreateReader();

    /// <summary>How often to look for new splits after the first discovery; <c>null</c>: only once, at the start.</summary>
    protected virtual TimeSpan? DiscoveryInterval => null;

    /// <summary>
    /// Whether <see cref="Run"/> returns once every split this subtask owns is finished. An unbounded source keeps
    /// running, idle or not, so it keeps taking part in checkpoints and picks up splits discovered later.
    /// </summary>
    protected abstract bool IsBounded { get; }

    /// <summary>How long one fetch may wait for input, which bounds how late a cancel or discovery is seen. Default 100 ms.</summary>
    protected virtual TimeSpan FetchWait => TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public sealed override void Run(ISourceContext<T> ctx)
    {
        var gate = ctx.CheckpointLock;
        using var reader = CreateReader();
        List<TSplit> resumed;
        lock (gate) resumed = [.. owned.Values.Where(s => !s.Finished).Select(s => s.Split)];
        if (resumed.Count > 0) reader.AddSplits(resumed);

        var batch = new SplitBatch<TSplit, T>();
        var interval = DiscoveryInterval;
        var nextDiscovery = DateTime.UtcNow;
        var discovered = false;
        while (running)
        {
            if (!discovered || (interval is { } every && DateTime.UtcNow >= nextDiscovery))
            {
                Discover(gate, reader);
                discovered = true;
                if (interval is { } next) nextDiscovery = DateTime.UtcNow + next;
            }
            ReportCompletedCheckpoint(reader);
            if (unfinished == 0)
            {
                if (IsBounded) return;
                // Idle: nothing to read until discovery finds a split; the lock stays free, so checkpoints go on.
                Thread.Sleep(FetchWait);
                continue;
            }

            batch.Clear();
            reader.Fetch(batch, FetchWait);
            if (batch.IsEmpty) continue;
            lock (gate)
            {
                try
                {
                    Apply(ctx, batch);
                }
                catch
                {
                    brokenBatch = true;
                    throw;
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Cancel() => running = false;

    /// <summary>Stores each owned split with its position (even-split) and the ids of all of them (union).</summary>
    public virtual void SnapshotState(ISnapshotContext context)
    {
        if (brokenBatch)
            throw new InvalidOperationException($"Subtask {RuntimeContext.SubtaskIndex} of {RuntimeContext.OperatorUid} failed while emitting a batch: part of it went downstream without its positions, so it declines checkpoint {context.CheckpointId}.");
        var splits = new TSplit[owned.Count];
        var i = 0;
        foreach (var slot in owned.Values)
        {
            context.Add(splitsState, new SplitState<TSplit>(slot.Split, slot.Finished));
            splits[i++] = slot.Split;
        }
        context.AddRange(knownState, owned.Keys);
        inFlight.Add(new CheckpointPositions(context.CheckpointId, splits));
    }

    /// <summary>Takes this subtask's share of the splits, and notes the splits every other subtask received.</summary>
    public virtual void RestoreState(IRestoreContext context)
    {
        foreach (var (split, finished) in context.Get(splitsState)) Own(split, finished);
        foreach (var id in context.Get(knownState))
        {
            if (!owned.ContainsKey(id)) heldElsewhere.Add(id);
        }
    }

    /// <summary>Hands the positions of the completed checkpoint to the reader, which sees them outside the lock.</summary>
    public virtual void NotifyCheckpointComplete(long checkpointId)
    {
        var done = inFlight.FindLastIndex(c => c.CheckpointId <= checkpointId);
        if (done < 0) return;
        Volatile.Write(ref completed, inFlight[done]);
        inFlight.RemoveRange(0, done + 1);
    }

    /// <inheritdoc />
    public virtual void NotifyCheckpointAborted(long checkpointId) => inFlight.RemoveAll(c => c.CheckpointId == checkpointId);

    private void Discover(object gate, SplitReader<TSplit, T> reader)
    {
        var parallelism = RuntimeContext.Parallelism;
        var subtask = RuntimeContext.SubtaskIndex;
        List<TSplit>? fresh = null;
        HashSet<string>? seen = null;
        foreach (var split in DiscoverSplits())
        {
            // owned is changed only by this thread, so reading it without the lock is safe here.
            if (owned.ContainsKey(split.SplitId) || heldElsewhere.Contains(split.SplitId)) continue;
            if (SplitAssigner.OwnerOf(split, parallelism) != subtask) continue;
            if (!(seen ??= new(StringComparer.Ordinal)).Add(split.SplitId)) continue;
            (fresh ??= []).Add(split);
        }
        if (fresh is null) return;
        lock (gate)
        {
            foreach (var split in fresh) Own(split, finished: false);
        }
        RuntimeContext.Logger.LogInformation("Subtask {Subtask} of {Operator} took {Count} new split(s): {Splits}",
            subtask, RuntimeContext.OperatorUid, fresh.Count, string.Join(", ", fresh.Select(s => s.SplitId)));
        reader.AddSplits(fresh);
    }

    private void ReportCompletedCheckpoint(SplitReader<TSplit, T> reader)
    {
        if (Interlocked.Exchange(ref completed, null) is { } report) reader.CheckpointComplete(report.CheckpointId, report.Splits);
    }

    private void Apply(ISourceContext<T> ctx, SplitBatch<TSplit, T> batch)
    {
        var records = batch.Records;
        for (var i = 0; i < records.Count; i++) ctx.Collect(records[i]);
        foreach (var split in batch.Advanced) SlotOf(split).Split = split;
        foreach (var split in batch.Finished)
        {
            var slot = SlotOf(split);
            slot.Split = split;
            if (slot.Finished) continue;
            slot.Finished = true;
            unfinished--;
        }
    }

    private Slot SlotOf(TSplit split) => owned.TryGetValue(split.SplitId, out var slot)
        ? slot
        : throw new InvalidOperationException($"The reader of {RuntimeContext.OperatorUid} reported split '{split.SplitId}', which subtask {RuntimeContext.SubtaskIndex} does not own.");

    private void Own(TSplit split, bool finished)
    {
        if (!owned.TryAdd(split.SplitId, new Slot { Split = split, Finished = finished }))
            throw new InvalidOperationException($"Split '{split.SplitId}' of {RuntimeContext.OperatorUid} is owned twice by subtask {RuntimeContext.SubtaskIndex}.");
        if (!finished) unfinished++;
    }

    private sealed record CheckpointPositions(long CheckpointId, TSplit[] Splits);

    private sealed class Slot
    {
        public required TSplit Split { get; set; }
        public bool Finished { get; set; }
    }
}
