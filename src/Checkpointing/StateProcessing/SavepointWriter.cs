using System.Globalization;
using System.Text.RegularExpressions;
using Checkpointing.Snapshots;
using Checkpointing.Format;
using Checkpointing.StateProcessing;
using Checkpointing.Storage;

namespace Checkpointing;

/// <summary>
/// Builds a new savepoint from an existing checkpoint or savepoint, or from nothing: operators' states added,
/// replaced or removed from typed data (bootstrap), uids renamed, parallelism changed offline. The result is a
/// self-contained savepoint in the runtime's own format, restored like any other (<c>env.RestoreFrom(path)</c>).
/// </summary>
/// <remarks>
/// What is not changed is written back as it was read: the same files, operators, states, layouts and bytes, so
/// reading a savepoint and writing it unchanged gives byte-identical files. The source is never modified.
/// </remarks>
public sealed partial class SavepointWriter
{
    private readonly string jobName;
    private readonly long checkpointId;
    private readonly long timestamp;
    private readonly List<OperatorParts> operators = [];
    private readonly Dictionary<(string Group, int Subtask), string> sourceFiles = [];
    private readonly List<string> sourceFileOrder = [];

    private SavepointWriter(string jobName, long checkpointId, long timestamp)
    {
        this.jobName = jobName;
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
    }

    /// <summary>Starts from everything <paramref name="source"/> holds (read again and verified again, file by file).</summary>
    public static SavepointWriter From(SavepointReader source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var writer = new SavepointWriter(source.JobName, source.CheckpointId, source.RawTimestamp);
        foreach (var (fileName, parts) in source.ReadFiles())
        {
            var (group, subtask) = GroupOf(fileName);
            writer.sourceFiles.TryAdd((group, subtask), fileName);
            writer.sourceFileOrder.Add(fileName);
            foreach (var part in parts)
            {
                var op = writer.operators.Find(o => o.Uid == part.OperatorUid);
                if (op is null) writer.operators.Add(op = new OperatorParts(part.OperatorUid, group, new OperatorSubtaskState[part.Parallelism]));
                op.Parts[part.SubtaskIndex] = part;
            }
        }
        return writer;
    }

    /// <summary>Starts an empty savepoint of job <paramref name="jobName"/>, to bootstrap a job's state from data.</summary>
    public static SavepointWriter Empty(string jobName, long checkpointId = 1)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointId, 1);
        return new SavepointWriter(jobName, checkpointId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>The uids of the operators the savepoint will hold.</summary>
    public IReadOnlyList<string> OperatorUids => [.. operators.Select(o => o.Uid)];

    /// <summary>
    /// Sets all state of operator <paramref name="uid"/> to what <paramref name="subtasks"/> (one function instance per
    /// subtask, each an <see cref="ICheckpointedFunction"/> or <see cref="IListCheckpointed{T}"/>) snapshot, with their
    /// generated code: the operator is added, or its states are replaced, at parallelism <c>subtasks.Count</c>.
    /// </summary>
    public SavepointWriter WithOperator(string uid, IReadOnlyList<object> subtasks)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        ArgumentNullException.ThrowIfNull(subtasks);
        if (subtasks.Count == 0) throw new ArgumentException("Give one function instance per subtask, at least one.", nameof(subtasks));
        var parts = new OperatorSubtaskState[subtasks.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var function = subtasks[i] ?? throw new ArgumentException($"Subtask {i}'s instance is null.", nameof(subtasks));
            var state = FunctionState.Of(function)
                ?? throw new ArgumentException($"Subtask {i}'s instance ({function.GetType().Name}) is neither an ICheckpointedFunction nor an IListCheckpointed<T>.", nameof(subtasks));
            parts[i] = FunctionState.Snapshot(state, uid, i, parts.Length, checkpointId, timestamp);
        }
        Put(uid, parts);
        return this;
    }

    /// <summary>
    /// Adds or replaces one state of operator <paramref name="uid"/>: <c>units[i]</c> are subtask <c>i</c>'s units,
    /// written with the descriptor's formatter. A new operator gets parallelism <c>units.Count</c>; an existing one
    /// must have that parallelism.
    /// </summary>
    public SavepointWriter WithState<T>(string uid, ListStateDescriptor<T> state, IReadOnlyList<IReadOnlyList<T>> units)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0) throw new ArgumentException("Give the units of each subtask, at least one subtask.", nameof(units));
        var existing = operators.Find(o => o.Uid == uid);
        if (existing is not null && existing.Parts.Length != units.Count)
            throw new ArgumentException($"Operator '{uid}' has parallelism {existing.Parts.Length}, but units for {units.Count} subtasks were given; change its parallelism first.", nameof(units));
        var parts = new OperatorSubtaskState[units.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var context = new SnapshotContext(checkpointId, timestamp, uid);
            context.AddRange(state, units[i] ?? []);
            var entry = context.ToSubtaskState(i, parts.Length).States[0];
            var kept = existing?.Parts[i].States ?? [];
            var index = kept.ToList().FindIndex(e => e.Name == state.Name);
            parts[i] = new OperatorSubtaskState(uid, i, parts.Length,
                index < 0 ? [.. kept, entry] : [.. kept.Select((e, k) => k == index ? entry : e)]);
        }
        Put(uid, parts);
        return this;
    }

    /// <summary>Removes state <paramref name="stateName"/> of operator <paramref name="uid"/>.</summary>
    public SavepointWriter RemoveState(string uid, string stateName)
    {
        var op = Find(uid);
        if (!op.Parts[0].States.Any(e => e.Name == stateName))
            throw new ArgumentException($"Operator '{uid}' has no state named '{stateName}'; it has: {string.Join(", ", op.Parts[0].States.Select(e => $"'{e.Name}'"))}.", nameof(stateName));
        for (var i = 0; i < op.Parts.Length; i++) op.Parts[i] = op.Parts[i] with { States = [.. op.Parts[i].States.Where(e => e.Name != stateName)] };
        return this;
    }

    /// <summary>Removes operator <paramref name="uid"/> and all its state (what a restore would otherwise need <c>AllowNonRestoredState</c> for).</summary>
    public SavepointWriter RemoveOperator(string uid)
    {
        operators.Remove(Find(uid));
        return this;
    }

    /// <summary>Moves operator <paramref name="uid"/>'s state to <paramref name="newUid"/> (the job's operator was given a new <c>.Uid(...)</c>).</summary>
    public SavepointWriter RenameOperator(string uid, string newUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(newUid);
        var op = Find(uid);
        if (uid == newUid) return this;
        if (operators.Any(o => o.Uid == newUid)) throw new ArgumentException($"An operator with uid '{newUid}' exists already.", nameof(newUid));
        op.Uid = newUid;
        for (var i = 0; i < op.Parts.Length; i++) op.Parts[i] = op.Parts[i] with { OperatorUid = newUid };
        return this;
    }

    /// <summary>
    /// Rewrites operator <paramref name="uid"/>'s state for <paramref name="parallelism"/> subtasks with the runtime's
    /// redistribution, bytes sliced, not decoded: restoring the result at that parallelism gives every subtask the
    /// units a live restore of the source would. A scalar that a subtask would restore from several units is refused,
    /// as a live restore refuses it, unless its field is in <paramref name="mergedScalars"/> (fields that declare a Merge).
    /// </summary>
    /// <exception cref="CheckpointRestoreException">A scalar field without a Merge would receive several units; the message names it.</exception>
    public SavepointWriter ChangeParallelism(string uid, int parallelism, IEnumerable<string>? mergedScalars = null)
    {
        var op = Find(uid);
        var snapshot = OperatorSnapshot.Assemble(op.Uid, checkpointId, op.Parts);
        op.Parts = OfflineRescale.Rescale(snapshot, parallelism, new HashSet<string>(mergedScalars ?? [], StringComparer.Ordinal));
        return this;
    }

    /// <summary>
    /// <see cref="ChangeParallelism(string, int, IEnumerable{string}?)"/> with the job's function deciding which scalars
    /// may receive several units: each new subtask's share of the scalar states is restored into a fresh function from
    /// <paramref name="factory"/> by its generated code, as a live restore would, so a field with a Merge passes and
    /// one without is refused by the generated restore itself, naming the field.
    /// </summary>
    /// <exception cref="CheckpointRestoreException">The function's restore refused a share.</exception>
    public SavepointWriter ChangeParallelism<TFunction>(string uid, int parallelism, Func<TFunction> factory) where TFunction : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var op = Find(uid);
        var snapshot = OperatorSnapshot.Assemble(op.Uid, checkpointId, op.Parts);
        var shares = StateAssignment.Assign(snapshot, parallelism);
        for (var s = 0; s < parallelism; s++)
        {
            var scalars = shares[s].Where(p => ScalarCheck.IsScalarState(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var function = factory() ?? throw new InvalidOperationException("The factory returned null.");
            FunctionState.Restore(function, op.Uid, checkpointId, s, parallelism, snapshot.Parallelism, scalars, allowNonRestoredState: true);
        }
        op.Parts = OfflineRescale.Rescale(snapshot, parallelism, merged: null);
        return this;
    }

    /// <summary>Changes the parallelism of every operator (see <see cref="ChangeParallelism(string, int, IEnumerable{string}?)"/>); nothing changes if one is refused.</summary>
    public SavepointWriter ChangeParallelism(int parallelism, IEnumerable<string>? mergedScalars = null)
    {
        var merged = new HashSet<string>(mergedScalars ?? [], StringComparer.Ordinal);
        var rescaled = operators.Select(op => OfflineRescale.Rescale(OperatorSnapshot.Assemble(op.Uid, checkpointId, op.Parts), parallelism, merged)).ToList();
        for (var i = 0; i < operators.Count; i++) operators[i].Parts = rescaled[i];
        return this;
    }

    /// <summary>
    /// Writes the savepoint into a new local folder <c>savepoint-&lt;job&gt;-&lt;id&gt;-&lt;8 hex&gt;</c> under
    /// <paramref name="directory"/>, state files first, <c>_metadata</c> last; returns its path. A failed write
    /// leaves no complete savepoint behind.
    /// </summary>
    public Task<string> WriteAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return WriteAsync(new CheckpointDirectory(Path.Combine(directory, SavepointName.New(jobName, checkpointId))), cancellationToken);
    }

    /// <summary>
    /// Writes the savepoint through <paramref name="storage"/> into a new location under <paramref name="directory"/>
    /// (<see cref="CheckpointStorage.BeginSavepoint"/>: a folder, or a location of the storage's own such as an
    /// object-store prefix); returns its location, which <see cref="CheckpointStorage.Open"/> and restores accept.
    /// </summary>
    public Task<string> WriteAsync(CheckpointStorage storage, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return WriteAsync(storage.BeginSavepoint(directory, jobName, checkpointId), cancellationToken);
    }

    private async Task<string> WriteAsync(CheckpointTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var written = new List<StateFileInfo>();
            foreach (var (file, parts) in Files())
            {
                var bytes = SubtaskStateFile.Encode(checkpointId, parts);
                await target.WriteFileAsync(file, bytes, cancellationToken).ConfigureAwait(false);
                written.Add(new StateFileInfo(file, bytes.Length, Envelope.Checksum(bytes)));
            }
            await target.CommitAsync(new CheckpointMetadata(checkpointId, timestamp, jobName, IsSavepoint: true, written).ToBytes(), cancellationToken).ConfigureAwait(false);
            return target.Location;
        }
        catch
        {
            await target.AbortAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The state files to write: one per chain (file group) and subtask, holding that chain's operators in order. The
    /// source's files come first, in their order and under their names; files a higher parallelism needs follow.
    /// </summary>
    private List<(string Name, List<OperatorSubtaskState> Parts)> Files()
    {
        var files = new Dictionary<string, List<OperatorSubtaskState>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var name in sourceFileOrder)
        {
            var (group, subtask) = GroupOf(name);
            var groupOperators = operators.Where(o => o.Group == group).ToList();
            // A source file stays unless a lower parallelism left it without any subtask of its chain.
            if (groupOperators.Count > 0 && subtask >= groupOperators.Max(o => o.Parts.Length)) continue;
            files.Add(name, []);
            order.Add(name);
        }
        foreach (var op in operators)
        {
            foreach (var part in op.Parts)
            {
                var name = sourceFiles.GetValueOrDefault((op.Group, part.SubtaskIndex)) ?? string.Create(CultureInfo.InvariantCulture, $"{op.Group}-subtask-{part.SubtaskIndex}");
                if (!files.TryGetValue(name, out var list))
                {
                    files.Add(name, list = []);
                    order.Add(name);
                }
                list.Add(part);
            }
        }
        return [.. order.Select(name => (name, files[name]))];
    }

    private void Put(string uid, OperatorSubtaskState[] parts)
    {
        var existing = operators.Find(o => o.Uid == uid);
        if (existing is not null) existing.Parts = parts;
        else operators.Add(new OperatorParts(uid, NewGroup(), parts));
    }

    /// <summary>A chain name no file uses yet, in the runtime's <c>source-&lt;k&gt;</c> form.</summary>
    private string NewGroup()
    {
        var used = operators.Select(o => o.Group).Concat(sourceFiles.Keys.Select(k => k.Group)).ToHashSet(StringComparer.Ordinal);
        for (var k = 0; ; k++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"source-{k}");
            if (!used.Contains(name)) return name;
        }
    }

    private OperatorParts Find(string uid) =>
        operators.Find(o => o.Uid == uid)
        ?? throw new ArgumentException($"The savepoint has no operator with uid '{uid}'; its operators: {string.Join(", ", operators.Select(o => $"'{o.Uid}'"))}.", nameof(uid));

    /// <summary>A file name's chain and subtask: <c>source-0-subtask-3</c> is subtask 3 of chain <c>source-0</c>; another name is its own chain.</summary>
    private static (string Group, int Subtask) GroupOf(string fileName)
    {
        var match = SubtaskFile().Match(fileName);
        return match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var subtask)
            ? (match.Groups[1].Value, subtask)
            : (fileName, 0);
    }

    [GeneratedRegex("^(.+)-subtask-([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SubtaskFile();

    /// <summary>One operator's parts, one per subtask, and the chain whose files hold them.</summary>
    private sealed class OperatorParts(string uid, string group, OperatorSubtaskState[] parts)
    {
        public string Uid { get; set; } = uid;
        public string Group { get; } = group;
        public OperatorSubtaskState[] Parts { get; set; } = parts;
    }
}
