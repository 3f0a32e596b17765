namespace Checkpointing.Testing;

/// <summary>The cases of <see cref="StorageContract"/>, each a guarantee of <see cref="CheckpointStorage"/>.</summary>
internal static class StorageContractCases
{
    private const string Job = "contract-job";
    private static readonly CancellationToken None = CancellationToken.None;

    public static readonly IReadOnlyDictionary<string, Func<StorageUnderTest, Task>> All = new Dictionary<string, Func<StorageUnderTest, Task>>(StringComparer.Ordinal)
    {
        ["A committed checkpoint is listed and returns exactly the bytes written"] = CommittedReadsBack,
        ["Checkpoints are listed newest first and only under their own job"] = ListedNewestFirstPerJob,
        ["Job names that differ only in escaped characters never share checkpoints"] = EscapedNamesStayApart,
        ["A checkpoint without commit has no metadata"] = UncommittedHasNoMetadata,
        ["A state file is never replaced"] = FileNeverReplaced,
        ["Metadata is never replaced"] = MetadataNeverReplaced,
        ["Abort removes an incomplete checkpoint"] = AbortRemovesIncomplete,
        ["Abort never removes a completed checkpoint"] = AbortKeepsComplete,
        ["Discard removes a checkpoint and its metadata"] = DiscardRemoves,
        ["Files written in parallel, empty and large, read back exactly"] = ParallelEmptyAndLarge,
        ["A savepoint is self-contained, listed, and opened by its location"] = SavepointSelfContained,
        ["A missing file reads as null"] = MissingFileIsNull,
        ["A job resumes from its latest checkpoint in this storage"] = JobResumes,
        ["An epoch claim is written once"] = ClaimWrittenOnce,
        ["Of concurrent claims of one epoch exactly one wins"] = ConcurrentClaimsOneWins,
        ["Epoch claims are listed lowest first, only under their own job"] = ClaimsListedInOrder,
        ["A restore record is written once and read back"] = RestoreRecordReadsBack,
        ["A checkpoint of an epoch is listed with it, apart from the same id of another epoch"] = EpochCheckpointsApart,
    };

    private static byte[] Bytes(int seed, int length = 64)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<CheckpointTarget> WriteAsync(CheckpointStorage storage, string job, long id, bool commit = true)
    {
        var target = storage.BeginCheckpoint(job, id);
        await target.WriteFileAsync("state-0", Bytes((int)id), None).ConfigureAwait(false);
        await target.WriteFileAsync("state-1", Bytes((int)id + 1000), None).ConfigureAwait(false);
        if (commit) await target.CommitAsync(Bytes((int)id + 2000, 16), None).ConfigureAwait(false);
        return target;
    }

    private static async Task<StoredCheckpoint?> FindAsync(CheckpointStorage storage, string job, long id) =>
        (await storage.ListCheckpointsAsync(job, None).ConfigureAwait(false)).FirstOrDefault(c => c.CheckpointId == id);

    private static void Expect(bool condition, string violation)
    {
        if (!condition) throw new StorageContractException(violation);
    }

    private static async Task ExpectBytesAsync(StoredCheckpoint stored, string name, byte[] expected)
    {
        var actual = await stored.ReadFileAsync(name, None).ConfigureAwait(false);
        if (actual is null) throw new StorageContractException($"{stored.Location}: file '{name}' was written but reads as missing.");
        Expect(actual.AsSpan().SequenceEqual(expected), $"{stored.Location}: file '{name}' reads back {actual.Length} bytes that differ from the {expected.Length} written.");
    }

    private static async Task ExpectIOExceptionAsync(Func<Task> write, string what)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (IOException)
        {
            return;
        }
        throw new StorageContractException($"{what} succeeded; it must throw an IOException and leave the existing bytes alone.");
    }

    private static async Task CommittedReadsBack(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        Expect(stored is not null, "Checkpoint 1 was committed but ListCheckpointsAsync does not return it.");
        await ExpectBytesAsync(stored!, "state-0", Bytes(1)).ConfigureAwait(false);
        await ExpectBytesAsync(stored!, "state-1", Bytes(1001)).ConfigureAwait(false);
        await ExpectBytesAsync(stored!, CheckpointTarget.MetadataFileName, Bytes(2001, 16)).ConfigureAwait(false);
        var reopened = sut.Storage.Open(stored!.Location);
        await ExpectBytesAsync(reopened, "state-0", Bytes(1)).ConfigureAwait(false);
    }

    private static async Task ListedNewestFirstPerJob(StorageUnderTest sut)
    {
        foreach (var id in new long[] { 1, 3, 2 }) await WriteAsync(sut.Storage, Job, id).ConfigureAwait(false);
        await WriteAsync(sut.Storage, Job + "-other", 5).ConfigureAwait(false);
        var ids = (await sut.Storage.ListCheckpointsAsync(Job, None).ConfigureAwait(false)).Select(c => c.CheckpointId).ToList();
        Expect(ids.SequenceEqual([3L, 2L, 1L]), $"ListCheckpointsAsync returned ids [{string.Join(", ", ids)}]; expected [3, 2, 1] (newest first, this job's only).");
        var none = await sut.Storage.ListCheckpointsAsync("no-such-job", None).ConfigureAwait(false);
        Expect(none.Count == 0, "ListCheckpointsAsync of a job that never ran returned checkpoints.");
    }

    private static async Task EscapedNamesStayApart(StorageUnderTest sut)
    {
        string[] jobs = ["a/b", "a%2Fb", "a", ".."];
        for (var i = 0; i < jobs.Length; i++) await WriteAsync(sut.Storage, jobs[i], i + 1).ConfigureAwait(false);
        for (var i = 0; i < jobs.Length; i++)
        {
            var ids = (await sut.Storage.ListCheckpointsAsync(jobs[i], None).ConfigureAwait(false)).Select(c => c.CheckpointId).ToList();
            Expect(ids.SequenceEqual([(long)i + 1]), $"Job '{jobs[i]}' lists checkpoints [{string.Join(", ", ids)}]; expected only [{i + 1}].");
        }
    }

    private static async Task UncommittedHasNoMetadata(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 1, commit: false).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        if (stored is null) return; // a storage may list only what has metadata
        var metadata = await stored.ReadFileAsync(CheckpointTarget.MetadataFileName, None).ConfigureAwait(false);
        Expect(metadata is null, $"{stored.Location}: metadata exists although CommitAsync was never called.");
    }

    private static async Task FileNeverReplaced(StorageUnderTest sut)
    {
        var target = await WriteAsync(sut.Storage, Job, 1, commit: false).ConfigureAwait(false);
        await ExpectIOExceptionAsync(() => target.WriteFileAsync("state-0", Bytes(99), None), "Writing state-0 a second time").ConfigureAwait(false);
        var again = sut.Storage.BeginCheckpoint(Job, 1);
        await ExpectIOExceptionAsync(() => again.WriteFileAsync("state-1", Bytes(98), None), "A second writer of checkpoint 1 writing state-1").ConfigureAwait(false);
        await target.CommitAsync(Bytes(2001, 16), None).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        Expect(stored is not null, "Checkpoint 1 is not listed after its commit.");
        await ExpectBytesAsync(stored!, "state-0", Bytes(1)).ConfigureAwait(false);
        await ExpectBytesAsync(stored!, "state-1", Bytes(1001)).ConfigureAwait(false);
    }

    private static async Task MetadataNeverReplaced(StorageUnderTest sut)
    {
        var target = await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        await ExpectIOExceptionAsync(() => target.CommitAsync(Bytes(77, 16), None), "Committing checkpoint 1 a second time").ConfigureAwait(false);
        var other = sut.Storage.BeginCheckpoint(Job, 1);
        await ExpectIOExceptionAsync(() => other.CommitAsync(Bytes(78, 16), None), "A second writer committing checkpoint 1").ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        await ExpectBytesAsync(stored!, CheckpointTarget.MetadataFileName, Bytes(2001, 16)).ConfigureAwait(false);
    }

    private static async Task AbortRemovesIncomplete(StorageUnderTest sut)
    {
        var target = await WriteAsync(sut.Storage, Job, 1, commit: false).ConfigureAwait(false);
        await target.AbortAsync(None).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        if (stored is null) return;
        var state = await stored.ReadFileAsync("state-0", None).ConfigureAwait(false);
        Expect(state is null, $"{stored.Location}: state-0 is still there after AbortAsync.");
    }

    private static async Task AbortKeepsComplete(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        var late = sut.Storage.BeginCheckpoint(Job, 1);
        await late.AbortAsync(None).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        Expect(stored is not null, "A completed checkpoint disappeared when another writer of the same id aborted.");
        await ExpectBytesAsync(stored!, CheckpointTarget.MetadataFileName, Bytes(2001, 16)).ConfigureAwait(false);
        await ExpectBytesAsync(stored!, "state-0", Bytes(1)).ConfigureAwait(false);
    }

    private static async Task DiscardRemoves(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        await WriteAsync(sut.Storage, Job, 2).ConfigureAwait(false);
        var first = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        await sut.Storage.DiscardAsync(first!, None).ConfigureAwait(false);
        var ids = (await sut.Storage.ListCheckpointsAsync(Job, None).ConfigureAwait(false)).Select(c => c.CheckpointId).ToList();
        Expect(ids.SequenceEqual([2L]), $"After discarding checkpoint 1 the job lists [{string.Join(", ", ids)}]; expected [2].");
        var metadata = await first!.ReadFileAsync(CheckpointTarget.MetadataFileName, None).ConfigureAwait(false);
        Expect(metadata is null, $"{first.Location}: metadata still readable after DiscardAsync.");
    }

    private static async Task ParallelEmptyAndLarge(StorageUnderTest sut)
    {
        var target = sut.Storage.BeginCheckpoint(Job, 7);
        var files = Enumerable.Range(0, 8).Select(i => (Name: $"state-{i}", Bytes: Bytes(i, i switch { 0 => 0, 1 => 12 * 1024 * 1024 + 17, _ => 1000 * i }))).ToList();
        await Task.WhenAll(files.Select(f => Task.Run(() => target.WriteFileAsync(f.Name, f.Bytes, None)))).ConfigureAwait(false);
        await target.CommitAsync(Bytes(3, 16), None).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 7).ConfigureAwait(false);
        Expect(stored is not null, "Checkpoint 7 is not listed after its commit.");
        foreach (var (name, bytes) in files) await ExpectBytesAsync(stored!, name, bytes).ConfigureAwait(false);
    }

    private static async Task SavepointSelfContained(StorageUnderTest sut)
    {
        var target = sut.Storage.BeginSavepoint(sut.SavepointDirectory, Job, 4);
        await target.WriteFileAsync("state-0", Bytes(4), None).ConfigureAwait(false);
        await target.CommitAsync(Bytes(5, 16), None).ConfigureAwait(false);
        var opened = sut.Storage.Open(target.Location);
        await ExpectBytesAsync(opened, "state-0", Bytes(4)).ConfigureAwait(false);
        await ExpectBytesAsync(opened, CheckpointTarget.MetadataFileName, Bytes(5, 16)).ConfigureAwait(false);
        var listed = await sut.Storage.ListSavepointsAsync(sut.SavepointDirectory, Job, None).ConfigureAwait(false);
        Expect(listed.Any(s => s.Location == target.Location && s.CheckpointId == 4),
            $"ListSavepointsAsync does not return the savepoint written at {target.Location} with id 4 (found: {string.Join(", ", listed.Select(s => $"{s.Location} ({s.CheckpointId})"))}).");
        var checkpoints = await sut.Storage.ListCheckpointsAsync(Job, None).ConfigureAwait(false);
        Expect(checkpoints.Count == 0, "A savepoint shows up among the job's checkpoints; retention would delete it.");
    }

    private static async Task MissingFileIsNull(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        var stored = await FindAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        var missing = await stored!.ReadFileAsync("no-such-file", None).ConfigureAwait(false);
        if (missing is not null) throw new StorageContractException($"{stored.Location}: a file that was never written reads as {missing.Length} bytes.");
    }

    private static async Task JobResumes(StorageUnderTest sut)
    {
        const int Records = 500;
        long restored = -1;
        var env = new StreamExecutionEnvironment { Parallelism = 2, CheckpointStorage = sut.Storage, RestartStrategy = RestartStrategy.NoRestart };
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(20));
        env.AddSource(() => new CountingSource(Records, value => Interlocked.Exchange(ref restored, value))).Uid("counter")
           .AddSink(() => new DiscardingSink<long>()).Uid("sink");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var first = await env.ExecuteAsync(Job, limit.Token).ConfigureAwait(false);
        Expect(first.Status == JobStatus.Finished && first.LastCheckpointId > 0, $"The first run ended {first.Status} with checkpoint {first.LastCheckpointId}.");
        env.ResumeFromLatestCheckpoint();
        var second = await env.ExecuteAsync(Job, limit.Token).ConfigureAwait(false);
        Expect(Interlocked.Read(ref restored) == Records, $"The resumed job restored offset {restored}; the last checkpoint of the first run held {Records}.");
        Expect(second.LastCheckpointId > first.LastCheckpointId, $"The resumed run's checkpoint ids ({second.LastCheckpointId}) do not continue after {first.LastCheckpointId}.");
    }

    private static async Task ClaimWrittenOnce(StorageUnderTest sut)
    {
        Expect(await sut.Storage.TryClaimEpochAsync(Job, 5, None).ConfigureAwait(false), "The first claim of epoch 5 was refused.");
        Expect(!await sut.Storage.TryClaimEpochAsync(Job, 5, None).ConfigureAwait(false), "A second claim of epoch 5 succeeded; a claim must be written once.");
        Expect(await sut.Storage.TryClaimEpochAsync(Job + "-other", 5, None).ConfigureAwait(false), "Epoch 5 of another job was refused; claims are per job.");
    }

    private static async Task ConcurrentClaimsOneWins(StorageUnderTest sut)
    {
        for (var epoch = 1L; epoch <= 3; epoch++)
        {
            var claim = epoch;
            var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => sut.Storage.TryClaimEpochAsync(Job, claim, None)))).ConfigureAwait(false);
            Expect(won.Count(w => w) == 1, $"Of 8 concurrent claims of epoch {epoch}, {won.Count(w => w)} won; exactly one must.");
        }
    }

    private static async Task ClaimsListedInOrder(StorageUnderTest sut)
    {
        Expect((await sut.Storage.ListEpochClaimsAsync(Job, None).ConfigureAwait(false)).Count == 0, "A job that never claimed an epoch lists claims.");
        foreach (var epoch in new long[] { 20, 3, 1_700_000_000_000 }) await sut.Storage.TryClaimEpochAsync(Job, epoch, None).ConfigureAwait(false);
        await sut.Storage.TryClaimEpochAsync(Job + "-other", 7, None).ConfigureAwait(false);
        await WriteAsync(sut.Storage, Job, 1).ConfigureAwait(false);
        var epochs = (await sut.Storage.ListEpochClaimsAsync(Job, None).ConfigureAwait(false)).Select(c => c.Epoch).ToList();
        Expect(epochs.SequenceEqual([3L, 20L, 1_700_000_000_000L]), $"ListEpochClaimsAsync returned epochs [{string.Join(", ", epochs)}]; expected [3, 20, 1700000000000] (lowest first, this job's only).");
        var ids = (await sut.Storage.ListCheckpointsAsync(Job, None).ConfigureAwait(false)).Select(c => c.CheckpointId).ToList();
        Expect(ids.SequenceEqual([1L]), $"With epoch claims stored, the job lists checkpoints [{string.Join(", ", ids)}]; expected [1]: claims are not checkpoints.");
    }

    private static async Task RestoreRecordReadsBack(StorageUnderTest sut)
    {
        foreach (var epoch in new long[] { 1, 2, 3 }) await sut.Storage.TryClaimEpochAsync(Job, epoch, None).ConfigureAwait(false);
        Expect(await sut.Storage.TryRecordEpochRestoreAsync(Job, 1, EpochClaim.Superseded, None).ConfigureAwait(false), "The restore record of epoch 1 was refused.");
        Expect(await sut.Storage.TryRecordEpochRestoreAsync(Job, 2, 12, None).ConfigureAwait(false), "The restore record of epoch 2 was refused.");
        Expect(!await sut.Storage.TryRecordEpochRestoreAsync(Job, 2, 13, None).ConfigureAwait(false), "A second restore record of epoch 2 succeeded; it must be written once.");
        var claims = await sut.Storage.ListEpochClaimsAsync(Job, None).ConfigureAwait(false);
        var records = string.Join(", ", claims.Select(c => $"{c.Epoch}:{c.RestorePoint?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"));
        Expect(records == "1:-1, 2:12, 3:none", $"The claims read back as [{records}]; expected [1:-1, 2:12, 3:none].");
    }

    private static async Task EpochCheckpointsApart(StorageUnderTest sut)
    {
        await WriteAsync(sut.Storage, Job, 4).ConfigureAwait(false);
        var target = sut.Storage.BeginCheckpoint(Job, 4, 9);
        await target.WriteFileAsync("state-0", Bytes(44), None).ConfigureAwait(false);
        await target.CommitAsync(Bytes(45, 16), None).ConfigureAwait(false);
        var listed = await sut.Storage.ListCheckpointsAsync(Job, None).ConfigureAwait(false);
        var found = string.Join(", ", listed.Select(c => $"{c.CheckpointId}e{c.Epoch}"));
        Expect(found == "4e9, 4e0", $"The job lists checkpoints [{found}]; expected [4e9, 4e0] (newest first, the higher epoch first at one id).");
        await ExpectBytesAsync(listed[0], "state-0", Bytes(44)).ConfigureAwait(false);
        await ExpectBytesAsync(listed[1], "state-0", Bytes(4)).ConfigureAwait(false);
        var reopened = sut.Storage.Open(listed[0].Location);
        Expect(reopened.Epoch == 9, $"{listed[0].Location} opens with epoch {reopened.Epoch}; expected 9.");
    }

    /// <summary>Emits 0…upTo-1 on each subtask and keeps its offset as list state; a restore reports the sum of the offsets it got.</summary>
    private sealed class CountingSource(int upTo, Action<long> restored) : RichParallelSourceFunction<long>, IListCheckpointed<long>
    {
        private long next;

        public override void Run(ISourceContext<long> ctx)
        {
            var gate = ctx.CheckpointLock;
            while (true)
            {
                lock (gate)
                {
                    if (next >= upTo) return;
                    ctx.Collect(next);
                    next++;
                }
            }
        }

        public override void Cancel() { }

        public IReadOnlyList<long> SnapshotState(long checkpointId, long timestamp) => [next];

        public void RestoreState(IReadOnlyList<long> state)
        {
            next = state.Sum();
            restored(next);
        }
    }
}
