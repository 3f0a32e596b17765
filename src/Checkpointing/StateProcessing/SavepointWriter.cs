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
/// <para>What is not changed is written back as it was read: the same files, operators, states, layouts and bytes, so
/// reading a savepoint and writing it unchanged gives byte-identical files. The source is never modified.</para>
/// <para>Changes are recorded, not applied: nothing of the source's units is read until <see cref="WriteAsync(string, CancellationToken)"/>,
/// which builds the new files one at a time, each from the source files it draws from, read (and verified again)
/// one at a time. Memory is bounded by one source file plus the file being written, and the state given as data,
/// never by the number of files. A change of parallelism also reads the scalar units of every old subtask when it
/// is asked for, to refuse it at once if a live restore would (one unit per subtask and mode).</para>
/// </remarks>
public sealed partial class SavepointWriter
{
    private readonly string jobName;
    private readonly long checkpointId;
    private readonly long timestamp;
    private readonly List<Entry> operators = [];
    private readonly Dictionary<(string Group, int Subtask), string> sourceFiles = [];
    private readonly List<string> sourceFileOrder = [];

    private SavepointWriter(string jobName, long checkpointId, long timestamp)
    {
        this.jobName = jobName;
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
    }

    /// <summary>Starts from everything <paramref name="source"/> holds (its files are read again, and verified again, when written).</summary>
    public static SavepointWriter From(SavepointReader source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var writer = new SavepointWriter(source.JobName, source.CheckpointId, source.RawTimestamp);
        foreach (var file in source.StateFiles)
        {
            var (group, subtask) = GroupOf(file.Name);
            writer.sourceFiles.TryAdd((group, subtask), file.Name);
            writer.sourceFileOrder.Add(file.Name);
        }
        // Each operator's chain is the one of the first file that holds it (operators come in the order files first hold them).
        var firstFile = source.StateFiles.Select((f, i) => (f.Name, i)).ToDictionary(f => f.Name, f => f.i, StringComparer.Ordinal);
        foreach (var op in source.Operators)
        {
            var first = Enumerable.Range(0, op.Parallelism).Select(s => source.FileOf(op.Uid, s)).MinBy(name => firstFile[name])!;
            writer.operators.Add(new Entry(GroupOf(first).Group, new StoredParts(source, op.Uid)));
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
    public IReadOnlyList<string> OperatorUids => [.. operators.Select(o => o.Parts.Uid)];

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
        Put(uid, new DataParts(OperatorShape.Of(uid, checkpointId, parts), parts));
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
        var existing = operators.Find(o => o.Parts.Uid == uid);
        if (existing is not null && existing.Parts.Parallelism != units.Count)
            throw new ArgumentException($"Operator '{uid}' has parallelism {existing.Parts.Parallelism}, but units for {units.Count} subtasks were given; change its parallelism first.", nameof(units));
        var parts = new OperatorSubtaskState[units.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var context = new SnapshotContext(checkpointId, timestamp, uid);
            context.AddRange(state, units[i] ?? []);
            parts[i] = context.ToSubtaskState(i, parts.Length);
        }
        var shape = OperatorShape.Of(uid, checkpointId, parts);
        if (existing is null)
        {
            Put(uid, new DataParts(shape, parts));
            return this;
        }
        var entries = Array.ConvertAll(parts, p => p.States[0]);
        existing.Parts = new MappedParts(existing.Parts, existing.Parts.Shape.With(shape.States[0]), part =>
        {
            var entry = entries[part.SubtaskIndex];
            var index = part.States.ToList().FindIndex(e => e.Name == entry.Name);
            return part with { States = index < 0 ? [.. part.States, entry] : [.. part.States.Select((e, k) => k == index ? entry : e)] };
        });
        return this;
    }

    /// <summary>Removes state <paramref name="stateName"/> of operator <paramref name="uid"/>.</summary>
    public SavepointWriter RemoveState(string uid, string stateName)
    {
        var op = Find(uid);
        var shape = op.Parts.Shape;
        if (shape.Find(stateName) is null)
            throw new ArgumentException($"Operator '{uid}' has no state named '{stateName}'; it has: {string.Join(", ", shape.States.Select(s => $"'{s.Name}'"))}.", nameof(stateName));
        op.Parts = new MappedParts(op.Parts, shape.Without(stateName), part => part with { States = [.. part.States.Where(e => e.Name != stateName)] });
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
        if (operators.Any(o => o.Parts.Uid == newUid)) throw new ArgumentException($"An operator with uid '{newUid}' exists already.", nameof(newUid));
        op.Parts = new MappedParts(op.Parts, op.Parts.Shape with { Uid = newUid }, part => part with { OperatorUid = newUid });
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
        op.Parts = Rescaled(op.Parts, parallelism, new HashSet<string>(mergedScalars ?? [], StringComparer.Ordinal));
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
        var rescaled = new RescaledParts(op.Parts, parallelism);
        var shares = ScalarCheck.Shares(op.Parts, parallelism);
        for (var s = 0; s < parallelism; s++)
        {
            var function = factory() ?? throw new InvalidOperationException("The factory returned null.");
            FunctionState.Restore(function, op.Parts.Uid, checkpointId, s, parallelism, op.Parts.Parallelism, shares[s], allowNonRestoredState: true);
        }
        op.Parts = rescaled;
        return this;
    }

    /// <summary>Changes the parallelism of every operator (see <see cref="ChangeParallelism(string, int, IEnumerable{string}?)"/>); nothing changes if one is refused.</summary>
    public SavepointWriter ChangeParallelism(int parallelism, IEnumerable<string>? mergedScalars = null)
    {
        var merged = new HashSet<string>(mergedScalars ?? [], StringComparer.Ordinal);
        var rescaled = operators.Select(op => Rescaled(op.Parts, parallelism, merged)).ToList();
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
            var sources = new SourceFiles();
            // One file at a time, in order: its parts built (reading the source files they draw from), encoded,
            // written, then dropped before the next.
            foreach (var (file, members) in Files())
            {
                var parts = new List<OperatorSubtaskState>(members.Count);
                foreach (var (op, subtask) in members) parts.Add(await op.PartAsync(subtask, sources, cancellationToken).ConfigureAwait(false));
                var bytes = SubtaskStateFile.Encode(checkpointId, parts);
                parts = null;
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
    private List<(string Name, List<(OperatorParts Operator, int Subtask)> Members)> Files()
    {
        var files = new Dictionary<string, List<(OperatorParts, int)>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var name in sourceFileOrder)
        {
            var (group, subtask) = GroupOf(name);
            var groupOperators = operators.Where(o => o.Group == group).ToList();
            // A source file stays unless a lower parallelism left it without any subtask of its chain.
            if (groupOperators.Count > 0 && subtask >= groupOperators.Max(o => o.Parts.Parallelism)) continue;
            files.Add(name, []);
            order.Add(name);
        }
        foreach (var op in operators)
        {
            for (var subtask = 0; subtask < op.Parts.Parallelism; subtask++)
            {
                var name = sourceFiles.GetValueOrDefault((op.Group, subtask)) ?? string.Create(CultureInfo.InvariantCulture, $"{op.Group}-subtask-{subtask}");
                if (!files.TryGetValue(name, out var list))
                {
                    files.Add(name, list = []);
                    order.Add(name);
                }
                list.Add((op.Parts, subtask));
            }
        }
        return [.. order.Select(name => (name, files[name]))];
    }

    /// <summary>The parts at <paramref name="parallelism"/>, after the scalar rule of a live restore is checked (which throws naming the field).</summary>
    private static RescaledParts Rescaled(OperatorParts parts, int parallelism, IReadOnlySet<string> merged)
    {
        var rescaled = new RescaledParts(parts, parallelism);
        ScalarCheck.Check(parts, parallelism, merged);
        return rescaled;
    }

    private void Put(string uid, OperatorParts parts)
    {
        var existing = operators.Find(o => o.Parts.Uid == uid);
        if (existing is not null) existing.Parts = parts;
        else operators.Add(new Entry(NewGroup(), parts));
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

    private Entry Find(string uid) =>
        operators.Find(o => o.Parts.Uid == uid)
        ?? throw new ArgumentException($"The savepoint has no operator with uid '{uid}'; its operators: {string.Join(", ", operators.Select(o => $"'{o.Parts.Uid}'"))}.", nameof(uid));

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

    /// <summary>One operator of the savepoint: the chain whose files hold it, and its parts as changed so far.</summary>
    private sealed class Entry(string group, OperatorParts parts)
    {
        public string Group { get; } = group;
        public OperatorParts Parts { get; set; } = parts;
    }
}
