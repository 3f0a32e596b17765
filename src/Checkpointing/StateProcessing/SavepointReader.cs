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
/// <para>Storages hand out whole files (<see cref="StoredCheckpoint.ReadFileAsync"/>), so a file is the unit of
/// memory. <see cref="Load(string, IProgress{SavepointProgress}?)"/> verifies every file (lengths, checksums,
/// structure: the checks of a restore) one file at a time and keeps only a summary. Reads of units read the files
/// of that operator again, one subtask's file at a time (and check them again), and keep only what they return.
/// Memory is bounded by the largest file plus the result, never by the number of files.</para>
/// </remarks>
public sealed class SavepointReader
{
    private readonly CheckpointFiles files;
    private readonly CheckpointMetadata metadata;
    private readonly Dictionary<string, SavepointOperator> byUid;
    private readonly Dictionary<string, OperatorShape> shapes;
    private readonly Dictionary<(string Uid, int Subtask), StateFileInfo> fileOf;

    private SavepointReader(CheckpointFiles files, CheckpointMetadata metadata, long size, IReadOnlyList<SavepointOperator> operators,
        Dictionary<string, OperatorShape> shapes, Dictionary<(string Uid, int Subtask), StateFileInfo> fileOf)
    {
        this.files = files;
        this.metadata = metadata;
        this.shapes = shapes;
        this.fileOf = fileOf;
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

    /// <summary>The job epoch of the run that wrote it (<see cref="StreamExecutionEnvironment.Epoch"/>); 0 when it ran without one.</summary>
    public long Epoch => metadata.Epoch;

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
            var fileOf = new Dictionary<(string Uid, int Subtask), StateFileInfo>();
            var order = new List<string>();
            for (var f = 0; f < metadata.Files.Count; f++)
            {
                var file = metadata.Files[f];
                foreach (var part in await files.ReadStateFileAsync(metadata, file, cancellationToken).ConfigureAwait(false))
                {
                    if (!parts.TryGetValue(part.OperatorUid, out var list))
                    {
                        parts.Add(part.OperatorUid, list = []);
                        order.Add(part.OperatorUid);
                    }
                    fileOf.TryAdd((part.OperatorUid, part.SubtaskIndex), file);
                    foreach (var entry in part.States) bytes[(part.OperatorUid, entry.Name, part.SubtaskIndex)] = entry.Units.Bytes.Length;
                    list.Add(part with { States = [.. part.States.Select(e => e with { Units = new UnitBlock(ReadOnlyMemory<byte>.Empty, e.Units.Count) })] });
                }
                done += file.Length;
                progress?.Report(new SavepointProgress(f + 2, metadata.Files.Count + 1, done, total, file.Name));
            }

            // The same assembly a restore does: every subtask present once, one parallelism, one mode and type per state.
            var shapes = order.ToDictionary(uid => uid, uid => OperatorShape.Of(uid, metadata.CheckpointId, parts[uid]), StringComparer.Ordinal);
            var operators = order.Select(uid =>
            {
                var shape = shapes[uid];
                return new SavepointOperator(uid, shape.Parallelism, [.. shape.States.Select(s => new SavepointState(
                    s.Name, s.Mode, s.TypeName,
                    [.. s.Layouts.Select(l => new StateLayout(l.TypeName, l.Members))],
                    s.UnitCounts,
                    [.. Enumerable.Range(0, shape.Parallelism).Select(i => bytes.GetValueOrDefault((uid, s.Name, i)))]))]);
            }).ToList();
            return new SavepointReader(files, metadata, total, operators, shapes, fileOf);
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
        var parts = Enumerable.Range(0, shapes[uid].Parallelism).Select(s => OperatorParts.Own(Part(uid, s))).ToList();
        return OperatorSnapshot.Assemble(uid, CheckpointId, parts);
    }

    /// <summary>
    /// Every unit of state <paramref name="stateName"/> of operator <paramref name="uid"/>, in old-subtask order, decoded
    /// as <typeparamref name="T"/> with its registered (generated) formatter and the stored layouts, as a restore does.
    /// </summary>
    /// <exception cref="CheckpointRestoreException">A unit cannot be read as <typeparamref name="T"/>; the message names both types.</exception>
    public IReadOnlyList<T> ReadState<T>(string uid, string stateName)
    {
        var shape = ShapeOf(uid);
        var state = Find(shape, stateName);
        var descriptor = new ListStateDescriptor<T>(stateName, state.Mode);
        var result = new List<T>(state.UnitCounts.Sum());
        for (var s = 0; s < shape.Parallelism; s++)
        {
            var own = new Dictionary<string, AssignedState>(StringComparer.Ordinal) { [state.Name] = state.Own(Part(uid, s)) };
            result.AddRange(new RestoreContext(uid, CheckpointId, s, shape.Parallelism, shape.Parallelism, own).Get(descriptor));
        }
        return result;
    }

    /// <summary>
    /// The <c>[Checkpointed]</c> scalar fields each old subtask of <paramref name="uid"/> wrote: one new
    /// <typeparamref name="TFunction"/> per old subtask, restored by its generated code from that subtask's scalar units
    /// only (its collection fields keep their initializers; read them with <see cref="ReadState{T}"/>).
    /// </summary>
    public IReadOnlyList<TFunction> ReadScalars<TFunction>(string uid) where TFunction : class, new()
    {
        var shape = ShapeOf(uid);
        var scalars = shape.States.Where(s => ScalarCheck.IsScalarState(s.Name)).ToList();
        var result = new TFunction[shape.Parallelism];
        for (var s = 0; s < result.Length; s++)
        {
            result[s] = new TFunction();
            if (FunctionState.Of(result[s]) is null)
                throw new ArgumentException($"{typeof(TFunction).Name} keeps no checkpointed state (it is neither an ICheckpointedFunction nor an IListCheckpointed<T>).", nameof(TFunction));
            var part = Part(uid, s);
            FunctionState.Restore(result[s], uid, CheckpointId, s, shape.Parallelism, shape.Parallelism,
                scalars.ToDictionary(x => x.Name, x => x.Own(part), StringComparer.Ordinal), allowNonRestoredState: true);
        }
        return result;
    }

    /// <summary>The raw MessagePack bytes of each unit old subtask <paramref name="subtask"/> wrote for the state.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ReadUnits(string uid, string stateName, int subtask)
    {
        var shape = ShapeOf(uid);
        Find(shape, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, shape.Parallelism);
        var block = Block(OperatorParts.Own(Part(uid, subtask)), stateName);
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
        Find(ShapeOf(uid), stateName);
        return ReadOperatorAsTree(uid, limit, stateName)[stateName];
    }

    /// <summary>
    /// <see cref="ReadUnitsAsTree"/> for every state of operator <paramref name="uid"/> at once, its files read once:
    /// by state name, per old subtask, at most <paramref name="limit"/> units each.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<JsonNode?>>> ReadOperatorAsTree(string uid, int limit = int.MaxValue) =>
        ReadOperatorAsTree(uid, limit, stateName: null);

    private Dictionary<string, IReadOnlyList<IReadOnlyList<JsonNode?>>> ReadOperatorAsTree(string uid, int limit, string? stateName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var shape = ShapeOf(uid);
        var states = shape.States.Where(s => stateName is null || s.Name == stateName).ToList();
        var trees = states.ToDictionary(s => s.Name, _ => new IReadOnlyList<JsonNode?>[shape.Parallelism], StringComparer.Ordinal);
        for (var i = 0; i < shape.Parallelism; i++)
        {
            // With no units asked for, no file is read.
            var part = limit == 0 ? null : Part(uid, i);
            foreach (var state in states)
            {
                var block = part is null ? UnitBlock.Empty : Block(part, state.Name);
                trees[state.Name][i] = UnitTree.Read(block, Math.Min(limit, block.Count), state);
            }
        }
        return trees.ToDictionary(t => t.Key, t => (IReadOnlyList<IReadOnlyList<JsonNode?>>)t.Value, StringComparer.Ordinal);
    }

    internal long RawTimestamp => metadata.Timestamp;

    /// <summary>The state files, with the lengths and checksums the metadata lists, in its order.</summary>
    internal IReadOnlyList<StateFileInfo> StateFiles => metadata.Files;

    /// <summary>The operator's parallelism, states, merged layouts and unit counts, without bytes.</summary>
    internal OperatorShape ShapeOf(string uid)
    {
        Operator(uid);
        return shapes[uid];
    }

    /// <summary>The file that holds subtask <paramref name="subtask"/> of operator <paramref name="uid"/>.</summary>
    internal string FileOf(string uid, int subtask) => fileOf[(uid, subtask)].Name;

    /// <summary>One state file, read and verified again against the metadata, then decoded.</summary>
    internal Task<IReadOnlyList<OperatorSubtaskState>> ReadStateFileAsync(string fileName, CancellationToken cancellationToken) =>
        files.ReadStateFileAsync(metadata, metadata.Files.First(f => f.Name == fileName), cancellationToken);

    /// <summary>Subtask <paramref name="subtask"/>'s part of operator <paramref name="uid"/>, its file read and verified again (its bytes are that file's).</summary>
    private OperatorSubtaskState Part(string uid, int subtask)
    {
        var file = fileOf[(uid, subtask)];
        return files.ReadStateFile(metadata, file).FirstOrDefault(p => p.OperatorUid == uid && p.SubtaskIndex == subtask)
            ?? throw new CheckpointFormatException($"{Location}/{file.Name}: no longer holds subtask {subtask} of operator '{uid}'.");
    }

    private static UnitBlock Block(OperatorSubtaskState part, string stateName) =>
        part.States.FirstOrDefault(e => e.Name == stateName)?.Units ?? UnitBlock.Empty;

    private static StateShape Find(OperatorShape shape, string stateName) =>
        shape.Find(stateName)
        ?? throw new ArgumentException($"Operator '{shape.Uid}' has no state named '{stateName}'; it has: {string.Join(", ", shape.States.Select(s => $"'{s.Name}'"))}.", nameof(stateName));
}
