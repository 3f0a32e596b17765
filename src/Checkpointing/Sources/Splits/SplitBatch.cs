namespace Checkpointing;

/// <summary>
/// What a <see cref="SplitReader{TSplit, T}"/> fetched, outside the checkpoint lock: records to emit and, for each split
/// it read from, the split with its position after those records. The <see cref="SplitSource{TSplit, T}"/> emits the
/// records and stores the positions in one critical section, so a checkpoint sees either none or all of a batch.
/// </summary>
public sealed class SplitBatch<TSplit, T>
    where TSplit : ISourceSplit
{
    private readonly List<T> records = [];
    private readonly List<TSplit> advanced = [];
    private readonly List<TSplit> finished = [];

    /// <summary>Records fetched so far, in emission order.</summary>
    public IReadOnlyList<T> Records => records;

    /// <summary>Splits whose position moved (or was resolved) in this batch, each with its latest position.</summary>
    public IReadOnlyList<TSplit> Advanced => advanced;

    /// <summary>Splits read to their end in this batch, with their final position.</summary>
    public IReadOnlyList<TSplit> Finished => finished;

    /// <summary>Whether the batch holds nothing to emit or store.</summary>
    public bool IsEmpty => records.Count == 0 && advanced.Count == 0 && finished.Count == 0;

    /// <summary>Adds a record to emit.</summary>
    public void Add(T record) => records.Add(record);

    /// <summary>
    /// Records <paramref name="split"/>'s position after the records added so far (a skipped record or a start
    /// position resolved against the external system also advances it without a record). The last call for a split
    /// in a batch wins.
    /// </summary>
    public void Advance(TSplit split) => advanced.Add(split);

    /// <summary>Marks <paramref name="split"/> as read to its end: it is kept in state (so it is never read again) but no longer read.</summary>
    public void Finish(TSplit split) => finished.Add(split);

    /// <summary>Empties the batch for the next fetch.</summary>
    public void Clear()
    {
        records.Clear();
        advanced.Clear();
        finished.Clear();
    }
}
