namespace Checkpointing.Testing;

/// <summary>
/// Wraps a storage and injects faults at chosen steps, for tests of what a job does when storage misbehaves: a
/// failing write (a full disk: <see cref="DiskFull"/>), a torn write that reports success, a step delayed past the
/// checkpoint timeout. Rules apply in the order added, each a given number of times; every call is recorded in
/// <see cref="Calls"/>.
/// <code>
/// var storage = new FaultInjectingStorage(new FileSystemCheckpointStorage(dir))
///     .Fail(StorageStep.Commit, times: 2)                   // the next two checkpoints abort at their metadata
///     .Tear(fileName: "source-0-subtask-1");                // the next write of that file keeps only half its bytes
/// </code>
/// </summary>
public sealed class FaultInjectingStorage(CheckpointStorage inner) : CheckpointStorage
{
    private readonly Lock gate = new();
    private readonly List<Rule> rules = [];
    private readonly List<string> calls = [];

    /// <summary>The error a full disk gives: what <see cref="Fail"/> throws when no other error is named.</summary>
    public static IOException DiskFull(string what) => new($"No space left on device : '{what}'");

    /// <summary>The storage that does the real work.</summary>
    public CheckpointStorage Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Every call seen so far, as "Step name" (the file name, job or location), oldest first.</summary>
    public IReadOnlyList<string> Calls
    {
        get { lock (gate) return [.. calls]; }
    }

    /// <summary>How many faults have been injected so far.</summary>
    public int Injected { get; private set; }

    /// <summary>
    /// The next <paramref name="times"/> calls of <paramref name="step"/> (only for <paramref name="fileName"/>, when
    /// given) throw <paramref name="error"/>'s exception, by default <see cref="DiskFull"/>, without reaching the inner storage.
    /// </summary>
    public FaultInjectingStorage Fail(StorageStep step, string? fileName = null, int times = 1, Func<string, Exception>? error = null) =>
        Add(new Rule(step, fileName, times, Fault.Fail, error ?? DiskFull, TimeSpan.Zero));

    /// <summary>
    /// The next <paramref name="times"/> state-file writes (of <paramref name="fileName"/>, when given) store only the
    /// first half of their bytes and report success: the torn file a crash can leave. Loading must detect it.
    /// </summary>
    public FaultInjectingStorage Tear(string? fileName = null, int times = 1) =>
        Add(new Rule(StorageStep.WriteFile, fileName, times, Fault.Tear, DiskFull, TimeSpan.Zero));

    /// <summary>The next <paramref name="times"/> calls of <paramref name="step"/> wait <paramref name="delay"/> first (cancellable: past the checkpoint timeout, the checkpoint aborts).</summary>
    public FaultInjectingStorage Delay(StorageStep step, TimeSpan delay, string? fileName = null, int times = 1) =>
        Add(new Rule(step, fileName, times, Fault.Delay, DiskFull, delay));

    /// <summary>Removes every rule not yet used up: the storage behaves like the inner one again.</summary>
    public void Heal()
    {
        lock (gate) rules.Clear();
    }

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId)
    {
        BeforeAsync(StorageStep.BeginCheckpoint, jobName, CancellationToken.None).GetAwaiter().GetResult();
        return new Target(this, Inner.BeginCheckpoint(jobName, checkpointId));
    }

    /// <inheritdoc/>
    public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId, long epoch)
    {
        BeforeAsync(StorageStep.BeginCheckpoint, jobName, CancellationToken.None).GetAwaiter().GetResult();
        return new Target(this, Inner.BeginCheckpoint(jobName, checkpointId, epoch));
    }

    /// <inheritdoc/>
    public override async Task<bool> TryClaimEpochAsync(string jobName, long epoch, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(StorageStep.Epochs, jobName, cancellationToken).ConfigureAwait(false);
        return await Inner.TryClaimEpochAsync(jobName, epoch, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<bool> TryRecordEpochRestoreAsync(string jobName, long epoch, long restorePoint, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(StorageStep.Epochs, jobName, cancellationToken).ConfigureAwait(false);
        return await Inner.TryRecordEpochRestoreAsync(jobName, epoch, restorePoint, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<EpochClaim>> ListEpochClaimsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(StorageStep.Epochs, jobName, cancellationToken).ConfigureAwait(false);
        return await Inner.ListEpochClaimsAsync(jobName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override CheckpointTarget BeginSavepoint(string directory, string jobName, long checkpointId)
    {
        BeforeAsync(StorageStep.BeginSavepoint, directory, CancellationToken.None).GetAwaiter().GetResult();
        return new Target(this, Inner.BeginSavepoint(directory, jobName, checkpointId));
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(StorageStep.List, jobName, cancellationToken).ConfigureAwait(false);
        return [.. (await Inner.ListCheckpointsAsync(jobName, cancellationToken).ConfigureAwait(false)).Select(c => new Stored(this, c))];
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<StoredCheckpoint>> ListSavepointsAsync(string directory, string jobName, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(StorageStep.List, directory, cancellationToken).ConfigureAwait(false);
        return [.. (await Inner.ListSavepointsAsync(directory, jobName, cancellationToken).ConfigureAwait(false)).Select(c => new Stored(this, c))];
    }

    /// <inheritdoc/>
    public override StoredCheckpoint Open(string location) => new Stored(this, Inner.Open(location));

    /// <inheritdoc/>
    public override async Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await BeforeAsync(StorageStep.Discard, checkpoint.Location, cancellationToken).ConfigureAwait(false);
        await Inner.DiscardAsync(checkpoint is Stored stored ? stored.Wrapped : checkpoint, cancellationToken).ConfigureAwait(false);
    }

    private FaultInjectingStorage Add(Rule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Remaining, "times");
        lock (gate) rules.Add(rule);
        return this;
    }

    /// <summary>Records the call, and applies the first matching rule; returns whether a write must be torn.</summary>
    private async Task<bool> BeforeAsync(StorageStep step, string name, CancellationToken cancellationToken)
    {
        Rule? rule;
        lock (gate)
        {
            calls.Add($"{step} {name}");
            rule = rules.FirstOrDefault(r => r.Step == step && r.Remaining > 0 && (r.FileName is null || r.FileName == name));
            if (rule is not null)
            {
                rule.Remaining--;
                Injected++;
            }
        }
        switch (rule?.Fault)
        {
            case Fault.Fail: throw rule.Error(name);
            case Fault.Delay: await Task.Delay(rule.Wait, cancellationToken).ConfigureAwait(false); return false;
            case Fault.Tear: return true;
            default: return false;
        }
    }

    private enum Fault { Fail, Tear, Delay }

    private sealed class Rule(StorageStep step, string? fileName, int times, Fault fault, Func<string, Exception> error, TimeSpan wait)
    {
        public StorageStep Step { get; } = step;
        public string? FileName { get; } = fileName;
        public int Remaining { get; set; } = times;
        public Fault Fault { get; } = fault;
        public Func<string, Exception> Error { get; } = error;
        public TimeSpan Wait { get; } = wait;
    }

    private sealed class Target(FaultInjectingStorage owner, CheckpointTarget inner) : CheckpointTarget
    {
        public override string Location => inner.Location;

        public override async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            var tear = await owner.BeforeAsync(StorageStep.WriteFile, name, cancellationToken).ConfigureAwait(false);
            await inner.WriteFileAsync(name, tear ? bytes[..(bytes.Length / 2)] : bytes, cancellationToken).ConfigureAwait(false);
        }

        public override async Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken)
        {
            await owner.BeforeAsync(StorageStep.Commit, Location, cancellationToken).ConfigureAwait(false);
            await inner.CommitAsync(metadata, cancellationToken).ConfigureAwait(false);
        }

        public override async Task AbortAsync(CancellationToken cancellationToken)
        {
            await owner.BeforeAsync(StorageStep.Abort, Location, cancellationToken).ConfigureAwait(false);
            await inner.AbortAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Stored(FaultInjectingStorage owner, StoredCheckpoint inner) : StoredCheckpoint(inner.CheckpointId, inner.Epoch, inner.Location)
    {
        public StoredCheckpoint Wrapped => inner;

        public override async Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken)
        {
            await owner.BeforeAsync(StorageStep.Read, name, cancellationToken).ConfigureAwait(false);
            return await inner.ReadFileAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }
}
