using System.Text.Json.Nodes;
using Checkpointing.Format;
using Checkpointing.Snapshots;
using Checkpointing.StateProcessing;
using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>
/// Reads a checkpoint or savepoint without running its job: operators, their states and units, decoded with the
/// job's generated formatters (<see cref="ReadState{T}"/>, <see cref="ReadScalars{TFunction}"/>) or without the job's
/// assembly as a tree with member names from the stored layouts (<see cref="ReadUnitsAsTree"/>).
/// </summary>
/// <remarks>
/// <see cref="Load(string, IProgress{SavepointProgress}?)"/> verifies every file (lengths, checksums, structure: the
/// checks of a restore) one file at a time and keeps only a summary, so memory stays bounded by the largest file.
/// Reads of units read the files of that operator again (and check them again).
/// </remarks>
public sealed class SavepointReader
{
    private readonly CheckpointFiles files;
    private readonly CheckpointMetadata metadata;
    private readonly Dictionary<string, SavepointOperator> byUid;
    private readonly Dictionary<string, List<StateFileInfo>> filesOf;

    private SavepointReader(CheckpointFiles files, CheckpointMetadata metadata, long size, IReadOnlyList<SavepointOperator> operators, Dictionary<string, List<StateFileInfo>> filesOf)
    {
        this.files = files;
        this.metadata = metadata;
        this.filesOf = filesOf;
        Size = size;
        Operators = operators;
        byUid = operators.ToDictionary(o => o.Uid, StringComparer.Ordinal);
    }

    /// <summary>Where it is stored.</summary>
    public string Location => files.Location;

    /// <summary>The checkpoint id.</summary>
    public long CheckpointId => metadata.CheckpointId;

    /// <summary>When the checkpoint was triggered.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(metadata.Timestamp);

    /// <summary>The name of the job that wrote it.</summary>
    public string JobName => metadata.JobName;

    /// <summary>Whether it is a savepoint (else a periodic or final checkpoint).</summary>
    public bool IsSavepoint => metadata.IsSavepoint;

    /// <summary>The state files, in the order the metadata lists them.</summary>
    public IReadOnlyList<string> FileNames => [.. metadata.Files.Select(f => f.Name)];

    /// <summary>Bytes of all its files, the metadata included.</summary>
    public long Size { get; }

    /// <summary>Operators with state, in the order they first appear in the files (chain order).</summary>
    public IReadOnlyList<SavepointOperator> Operators { get; }

    /// <summary>
    /// Loads and verifies the checkpoint or savepoint in local folder <paramref name="path"/> (or its <c>_metadata</c> file).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="CheckpointFormatException">It is incomplete or damaged; the message names the file and what is wrong.</exception>
    public static SavepointReader Load(string path, IProgress<SavepointProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetFullPath(path);
        if (File.Exists(folder) && Path.GetFileName(folder) == CheckpointMetadata.FileName) folder = Path.GetDirectoryName(folder)!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: no such folder; give the folder of a checkpoint (chk-<id>) or a savepoint.");
        return LoadAsync(new StoredFolder(0, folder), progress).GetAwaiter().GetResult();
    }

    /// <summary>Loads and verifies the checkpoint or savepoint at <paramref name="location"/> of <paramref name="storage"/> (what <see cref="CheckpointStorage.Open"/> accepts).</summary>
    public static Task<SavepointReader> LoadAsync(CheckpointStorage storage, string location, IProgress<SavepointProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return LoadAsync(storage.Open(location), progress, cancellationToken);
    }

    /// <summary>Loads and verifies checkpoint <paramref name="checkpointId"/> of job <paramref name="jobName"/> in <paramref name="storage"/>.</summary>
    /// <exception cref="ArgumentException">The storage has no such checkpoint; the message lists the ids it has.</exception>
    public static async Task<SavepointReader> LoadAsync(CheckpointStorage storage, string jobName, long checkpointId, IProgress<SavepointProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var stored = await storage.ListCheckpointsAsync(jobName, cancellationToken).ConfigureAwait(false);
        var found = stored.FirstOrDefault(c => c.CheckpointId == checkpointId)
            ?? throw new ArgumentException($"Job '{jobName}' has no checkpoint {checkpointId} in this storage; it has: {(stored.Count == 0 ? "none" : string.Join(", ", stored.Select(c => c.CheckpointId)))}.", nameof(checkpointId));
        return await LoadAsync(found, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads and verifies a checkpoint or savepoint a storage listed or opened.</summary>
    public static async Task<SavepointReader> LoadAsync(StoredCheckpoint stored, IProgress<SavepointProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var files = new CheckpointFiles(stored);
        try
        {
            var (metadata, metadataLength) = await files.ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
            var total = metadataLength + metadata.Files.Sum(f => f.Length);
            var done = metadataLength;
            progress?.Report(new SavepointProgress(1, metadata.Files.Count + 1, done, total, CheckpointMetadata.FileName));

            // Each file's units are dropped once counted: the structure checks below need counts, not bytes.
            var parts = new Dictionary<string, List<OperatorSubtaskState>>(StringComparer.Ordinal);
            var bytes = new Dictionary<(string Uid, string State, int Subtask), long>();
            var filesOf = new Dictionary<string, List<StateFileInfo>>(StringComparer.Ordinal);
            var order = new List<string>();
            for (var f = 0; f < metadata.Files.Count; f++)
            {
                var file = metadata.Files[f];
                foreach (var part in await files.ReadStateFileAsync(metadata, file, cancellationToken).ConfigureAwait(false))
                {
                    if (!parts.TryGetValue(part.OperatorUid, out var list))
                    {
                        parts.Add(part.OperatorUid, list = []);
                        filesOf.Add(part.OperatorUid, []);
                        order.Add(part.OperatorUid);
                    }
                    if (filesOf[part.OperatorUid] is var owned && (owned.Count == 0 || owned[^1] != file)) owned.Add(file);
                    foreach (var entry in part.States) bytes[(part.OperatorUid, entry.Name, part.SubtaskIndex)] = entry.Units.Bytes.Length;
                    list.Add(part with { States = [.. part.States.Select(e => e with { Units = new UnitBlock(ReadOnlyMemory<byte>.Empty, e.Units.Count) })] });
                }
                done += file.Length;
                progress?.Report(new SavepointProgress(f + 2, metadata.Files.Count + 1, done, total, file.Name));
            }

            // The same assembly a restore does: every subtask present once, one parallelism, one mode and type per state.
            var operators = order.Select(uid =>
            {
                var snapshot = OperatorSnapshot.Assemble(uid, metadata.CheckpointId, parts[uid]);
                return new SavepointOperator(uid, snapshot.Parallelism, [.. snapshot.States.Select(s => new SavepointState(
                    s.Name, s.Mode, s.TypeName,
                    [.. s.Layouts.Select(l => new StateLayout(l.TypeName, l.Members))],
                    [.. s.PerSubtask.Select(b => b.Count)],
                    [.. Enumerable.Range(0, snapshot.Parallelism).Select(i => bytes.GetValueOrDefault((uid, s.Name, i)))]))]);
            }).ToList();
            return new SavepointReader(files, metadata, total, operators, filesOf);
        }
        catch (Exception e) when (e is not CheckpointFormatException and not OperationCanceledException)
        {
            throw new CheckpointFormatException($"{files.Location}: unreadable: {e.Message}", e);
        }
    }

    /// <summary>The operator with uid <paramref name="uid"/>; <see cref="ArgumentException"/> naming the uids there are when there is none.</summary>
    public SavepointOperator Operator(string uid) =>
        byUid.TryGetValue(uid, out var op) ? op
        : throw new ArgumentException($"{Location} has no operator with uid '{uid}'; its operators: {string.Join(", ", Operators.Select(o => $"'{o.Uid}'"))}.", nameof(uid));

    /// <summary>The operator's state in the form the test harness and redistribution take (all its bytes in memory).</summary>
    public OperatorSnapshot Snapshot(string uid)
    {
        Operator(uid);
        var parts = new List<OperatorSubtaskState>();
        foreach (var file in filesOf[uid])
            parts.AddRange(files.ReadStateFile(metadata, file).Where(p => p.OperatorUid == uid));
        return OperatorSnapshot.Assemble(uid, CheckpointId, parts);
    }

    /// <summary>
    /// Every unit of state <paramref name="stateName"/> of operator <paramref name="uid"/>, in old-subtask order, decoded
    /// as <typeparamref name="T"/> with its registered (generated) formatter and the stored layouts, as a restore does.
    /// </summary>
    /// <exception cref="CheckpointRestoreException">A unit cannot be read as <typeparamref name="T"/>; the message names both types.</exception>
    public IReadOnlyList<T> ReadState<T>(string uid, string stateName)
    {
        var snapshot = Snapshot(uid);
        var state = Find(snapshot, stateName);
        var descriptor = new ListStateDescriptor<T>(stateName, state.Mode);
        var result = new List<T>(state.UnitCount);
        for (var s = 0; s < snapshot.Parallelism; s++)
            result.AddRange(new RestoreContext(uid, CheckpointId, s, snapshot.Parallelism, snapshot.Parallelism, Own([state], s)).Get(descriptor));
        return result;
    }

    /// <summary>
    /// The <c>[Checkpointed]</c> scalar fields each old subtask of <paramref name="uid"/> wrote: one new
    /// <typeparamref name="TFunction"/> per old subtask, restored by its generated code from that subtask's scalar units
    /// only (its collection fields keep their initializers; read them with <see cref="ReadState{T}"/>).
    /// </summary>
    public IReadOnlyList<TFunction> ReadScalars<TFunction>(string uid) where TFunction : class, new()
    {
        var snapshot = Snapshot(uid);
        var scalars = snapshot.States.Where(s => ScalarCheck.IsScalarState(s.Name)).ToList();
        var result = new TFunction[snapshot.Parallelism];
        for (var s = 0; s < result.Length; s++)
        {
            result[s] = new TFunction();
            if (FunctionState.Of(result[s]) is null)
                throw new ArgumentException($"{typeof(TFunction).Name} keeps no checkpointed state (it is neither an ICheckpointedFunction nor an IListCheckpointed<T>).", nameof(TFunction));
            FunctionState.Restore(result[s], uid, CheckpointId, s, snapshot.Parallelism, snapshot.Parallelism, Own(scalars, s), allowNonRestoredState: true);
        }
        return result;
    }

    /// <summary>The raw MessagePack bytes of each unit old subtask <paramref name="subtask"/> wrote for the state.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ReadUnits(string uid, string stateName, int subtask)
    {
        var snapshot = Snapshot(uid);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, snapshot.Parallelism);
        var block = Find(snapshot, stateName).PerSubtask[subtask];
        return [.. Enumerable.Range(0, block.Count).Select(i => block.Slice(i, 1))];
    }

    /// <summary>
    /// The units of a state decoded without the job's types, per old subtask (at most <paramref name="limit"/> each):
    /// MessagePack values as JSON nodes, a generated type's object as an object keyed by the member names stored with
    /// the state, a scalar unit as its fields by name.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<JsonNode?>> ReadUnitsAsTree(string uid, string stateName, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var snapshot = Snapshot(uid);
        var state = Find(snapshot, stateName);
        return [.. state.PerSubtask.Select(block => UnitTree.Read(block, Math.Min(limit, block.Count), state))];
    }

    /// <summary>
    /// <see cref="ReadUnitsAsTree"/> for every state of operator <paramref name="uid"/> at once, its files read once:
    /// by state name, per old subtask, at most <paramref name="limit"/> units each.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<JsonNode?>>> ReadOperatorAsTree(string uid, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var snapshot = Snapshot(uid);
        return snapshot.States.ToDictionary(
            s => s.Name,
            s => (IReadOnlyList<IReadOnlyList<JsonNode?>>)[.. s.PerSubtask.Select(block => UnitTree.Read(block, Math.Min(limit, block.Count), s))],
            StringComparer.Ordinal);
    }

    /// <summary>Every state file with its decoded parts, read and verified again one by one (for the writer).</summary>
    internal IEnumerable<(string FileName, IReadOnlyList<OperatorSubtaskState> Parts)> ReadFiles()
    {
        foreach (var file in metadata.Files) yield return (file.Name, files.ReadStateFile(metadata, file));
    }

    internal long RawTimestamp => metadata.Timestamp;

    private static OperatorState Find(OperatorSnapshot snapshot, string stateName) =>
        snapshot.States.FirstOrDefault(s => s.Name == stateName)
        ?? throw new ArgumentException($"Operator '{snapshot.OperatorUid}' has no state named '{stateName}'; it has: {string.Join(", ", snapshot.States.Select(s => $"'{s.Name}'"))}.", nameof(stateName));

    /// <summary>What old subtask <paramref name="subtask"/> itself wrote for each state: its own share, nothing redistributed.</summary>
    private static Dictionary<string, AssignedState> Own(IEnumerable<OperatorState> states, int subtask) =>
        states.ToDictionary(s => s.Name, s => new AssignedState(s.Name, s.Mode, s.TypeName, s.Layouts, [s.PerSubtask[subtask].Bytes], s.PerSubtask[subtask].Count), StringComparer.Ordinal);
}
