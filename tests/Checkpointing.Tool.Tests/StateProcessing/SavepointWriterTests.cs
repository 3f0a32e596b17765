using System.Collections.Concurrent;
using Checkpointing.Snapshots;
using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.StateProcessing;

public sealed class SavepointWriterTests(ShopCheckpoints shop) : IClassFixture<ShopCheckpoints>
{
    [Fact]
    public async Task A_savepoint_written_back_unchanged_is_byte_identical()
    {
        var written = await SavepointWriter.From(SavepointReader.Load(shop.Savepoint)).WriteAsync(shop.NewFolder());

        var expected = Directory.GetFiles(shop.Savepoint).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Directory.GetFiles(written).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in expected)
            Assert.Equal(File.ReadAllBytes(Path.Combine(shop.Savepoint, name!)), File.ReadAllBytes(Path.Combine(written, name!)));
    }

    [Fact]
    public async Task A_savepoint_bootstrapped_from_data_restores_a_real_job()
    {
        // Three subtasks' worth of state written from data, with no job ever having run.
        var subtasks = Enumerable.Range(0, 3)
            .Select(s => (object)ShopSource.WithState(Enumerable.Range(0, 8).Where(p => p % 3 == s).Select(p => new Partition(p, 1000 + p)), emitted: 7, epoch: 5))
            .ToList();
        var savepoint = await SavepointWriter.Empty(ShopJob.Name).WithOperator(ShopJob.SourceUid, subtasks).WriteAsync(shop.NewFolder());

        var reader = SavepointReader.Load(savepoint);
        Assert.Equal(3, reader.Operator(ShopJob.SourceUid).Parallelism);

        var received = new ConcurrentQueue<Partition>();
        var env = ShopJob.Environment(3, shop.NewFolder(), received, limit: 1010, pace: TimeSpan.Zero);
        env.RestoreFrom(savepoint);
        var result = await env.ExecuteAsync(ShopJob.Name).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        // Every partition resumed at its bootstrapped offset and ran to the limit, nothing before it.
        foreach (var group in received.GroupBy(p => p.Id))
            Assert.Equal(Enumerable.Range(1000 + group.Key, 10 - group.Key).Select(o => (long)o), group.Select(p => p.Offset).Order());
        Assert.Equal(8, received.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task Typed_state_can_be_added_replaced_and_removed()
    {
        var state = new ListStateDescriptor<string>("notes");
        var savepoint = await SavepointWriter.From(SavepointReader.Load(shop.Savepoint))
            .WithState(ShopJob.SourceUid, state, [["a", "b"], ["c"]])
            .WithState(ShopJob.SourceUid, new ListStateDescriptor<Partition>("owned"), [[new Partition(1, 2)], []])
            .RemoveState(ShopJob.SourceUid, "$scalars.union")
            .WriteAsync(shop.NewFolder());

        var reader = SavepointReader.Load(savepoint);
        Assert.Equal(["a", "b", "c"], reader.ReadState<string>(ShopJob.SourceUid, "notes"));
        Assert.Equal([new Partition(1, 2)], reader.ReadState<Partition>(ShopJob.SourceUid, "owned"));
        Assert.Equal(["$scalars", "notes", "owned"], reader.Operator(ShopJob.SourceUid).States.Select(s => s.Name));
    }

    [Fact]
    public async Task Renaming_and_removing_operators_writes_what_the_job_restores_without_AllowNonRestoredState()
    {
        var savepoint = await SavepointWriter.From(SavepointReader.Load(shop.Savepoint))
            .RenameOperator(ShopJob.SourceUid, "renamed-source")
            .WriteAsync(shop.NewFolder());
        Assert.Equal(["renamed-source"], SavepointReader.Load(savepoint).Operators.Select(o => o.Uid));

        // The shop job has no operator "renamed-source": the runtime refuses, naming it.
        var env = ShopJob.Environment(2, shop.NewFolder(), new ConcurrentQueue<Partition>(), limit: 1, pace: TimeSpan.Zero);
        env.RestoreFrom(savepoint);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => env.ExecuteAsync(ShopJob.Name).WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("renamed-source", refused.ToString());

        var back = await SavepointWriter.From(SavepointReader.Load(savepoint)).RenameOperator("renamed-source", ShopJob.SourceUid).WriteAsync(shop.NewFolder());
        foreach (var name in Directory.GetFiles(shop.Savepoint).Select(Path.GetFileName))
            Assert.Equal(File.ReadAllBytes(Path.Combine(shop.Savepoint, name!)), File.ReadAllBytes(Path.Combine(back, name!)));

        var removed = await SavepointWriter.From(SavepointReader.Load(shop.Savepoint)).RemoveOperator(ShopJob.SourceUid).WriteAsync(shop.NewFolder());
        Assert.Empty(SavepointReader.Load(removed).Operators);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Offline_rescale_equals_a_live_rescale_unit_for_unit(int parallelism)
    {
        var source = SavepointReader.Load(shop.Savepoint);
        var rescaled = await SavepointWriter.From(source)
            .ChangeParallelism(parallelism, mergedScalars: ["emitted", "epoch"])
            .WriteAsync(shop.NewFolder());
        var target = SavepointReader.Load(rescaled);
        Assert.Equal(parallelism, target.Operator(ShopJob.SourceUid).Parallelism);

        AssertSameUnits(source.Snapshot(ShopJob.SourceUid), target.Snapshot(ShopJob.SourceUid), parallelism);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(5, 3)]
    public async Task Every_mode_rescales_offline_as_a_live_restore_does(int from, int to)
    {
        // Two even-split states (they share one rotation), a union and a broadcast state, uneven counts, some subtasks empty.
        ListStateDescriptor<string>[] states =
        [
            new("a-even", Redistribution.EvenSplit), new("b-union", Redistribution.Union),
            new("c-broadcast", Redistribution.Broadcast), new("d-even", Redistribution.EvenSplit),
        ];
        var writer = SavepointWriter.Empty("modes");
        foreach (var state in states)
        {
            var units = Enumerable.Range(0, from)
                .Select(s => (IReadOnlyList<string>)[.. Enumerable.Range(0, (s * 3 + state.Name.Length) % 5).Select(i => $"{state.Name}/{s}/{i}")])
                .ToList();
            writer.WithState("op", state, units);
        }
        var source = SavepointReader.Load(await writer.WriteAsync(shop.NewFolder()));

        var rescaled = SavepointReader.Load(await SavepointWriter.From(source).ChangeParallelism(to).WriteAsync(shop.NewFolder()));

        Assert.Equal(to, rescaled.Operator("op").Parallelism);
        AssertSameUnits(source.Snapshot("op"), rescaled.Snapshot("op"), to);
    }

    [Fact]
    public async Task A_chain_of_two_stateful_operators_rescales_into_files_that_hold_both_and_a_job_restores_them()
    {
        var job = await ShopJob.WithCountingSink(2, shop.NewFolder()).StartAsync(ShopJob.Name);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (job.LatestCheckpointId < 1) await Task.Delay(20, deadline.Token);
        var savepoint = await job.StopWithSavepointAsync(shop.NewFolder()).WaitAsync(TimeSpan.FromSeconds(60));
        var source = SavepointReader.Load(savepoint);
        Assert.Equal([ShopJob.SourceUid, ShopJob.CountingSinkUid], source.Operators.Select(o => o.Uid));
        Assert.Equal(["source-0-subtask-0", "source-0-subtask-1"], source.FileNames);

        var rescaled = SavepointReader.Load(await SavepointWriter.From(source).ChangeParallelism(3, mergedScalars: ["epoch"]).WriteAsync(shop.NewFolder()));

        // One file per new subtask, each holding both operators' parts, in chain order.
        Assert.Equal(["source-0-subtask-0", "source-0-subtask-1", "source-0-subtask-2"], rescaled.FileNames);
        Assert.Equal([ShopJob.SourceUid, ShopJob.CountingSinkUid], rescaled.Operators.Select(o => o.Uid));
        foreach (var uid in new[] { ShopJob.SourceUid, ShopJob.CountingSinkUid })
            AssertSameUnits(source.Snapshot(uid), rescaled.Snapshot(uid), 3);
        Assert.Equal(source.ReadScalars<CountingSink>(ShopJob.CountingSinkUid).Sum(s => s.Received), rescaled.ReadScalars<CountingSink>(ShopJob.CountingSinkUid).Sum(s => s.Received));

        var offsets = rescaled.ReadState<Partition>(ShopJob.SourceUid, "owned");
        var env = ShopJob.WithCountingSink(3, shop.NewFolder(), limit: offsets.Max(p => p.Offset) + 2, pace: TimeSpan.Zero);
        env.RestoreFrom(rescaled.Location);
        var result = await env.ExecuteAsync(ShopJob.Name).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Finished, result.Status);
    }

    /// <summary>
    /// A live restore of the original at the new parallelism, and a restore of the rescaled savepoint at that
    /// parallelism: every subtask receives the same units, byte for byte, in the same order.
    /// </summary>
    private static void AssertSameUnits(OperatorSnapshot original, OperatorSnapshot rescaled, int parallelism)
    {
        var live = StateAssignment.Assign(original, parallelism);
        var offline = StateAssignment.Assign(rescaled, parallelism);
        for (var s = 0; s < parallelism; s++)
        {
            Assert.Equal(live[s].Keys.Order(), offline[s].Keys.Order());
            foreach (var (name, expected) in live[s])
            {
                Assert.Equal(expected.Count, offline[s][name].Count);
                Assert.Equal(Concat(expected.Chunks), Concat(offline[s][name].Chunks));
            }
        }
    }

    [Fact]
    public async Task An_offline_rescale_restores_a_real_job_that_continues_every_partition()
    {
        var rescaled = await SavepointWriter.From(SavepointReader.Load(shop.Savepoint)).ChangeParallelism(ShopJob.SourceUid, 4, mergedScalars: ["epoch"]).WriteAsync(shop.NewFolder());
        var offsets = SavepointReader.Load(rescaled).ReadState<Partition>(ShopJob.SourceUid, "owned").ToDictionary(p => p.Id, p => p.Offset);

        var received = new ConcurrentQueue<Partition>();
        var env = ShopJob.Environment(4, shop.NewFolder(), received, limit: offsets.Values.Max() + 3, pace: TimeSpan.Zero);
        env.RestoreFrom(rescaled);
        var result = await env.ExecuteAsync(ShopJob.Name).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Finished, result.Status);
        foreach (var group in received.GroupBy(p => p.Id))
            Assert.Equal(offsets[group.Key], group.Min(p => p.Offset));
        Assert.Equal(8, received.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void A_scalar_without_a_Merge_is_refused_naming_the_field_as_a_live_restore_refuses_it()
    {
        var source = SavepointReader.Load(shop.Savepoint);

        var offline = Assert.Throws<CheckpointRestoreException>(() => SavepointWriter.From(source).ChangeParallelism(ShopJob.SourceUid, 1));
        Assert.Contains("'emitted'", offline.Message);
        Assert.DoesNotContain("'epoch'", offline.Message); // it declares a Merge, but only 'emitted' is asked for first

        // The runtime's own restore at parallelism 1 refuses the same field.
        var live = Assert.Throws<CheckpointRestoreException>(() => CheckpointHarness.Restore(source.Snapshot(ShopJob.SourceUid), 1, () => new ShopSource()));
        Assert.Contains("emitted", live.Message);

        // Scaling up hands no subtask two units of it: allowed, and the union scalar with a Merge passes when named.
        SavepointWriter.From(source).ChangeParallelism(ShopJob.SourceUid, 3, mergedScalars: ["epoch"]);
        var union = Assert.Throws<CheckpointRestoreException>(() => SavepointWriter.From(source).ChangeParallelism(ShopJob.SourceUid, 3));
        Assert.Contains("'epoch'", union.Message);
    }

    [Fact]
    public async Task With_the_jobs_function_its_own_restore_decides_which_scalars_may_be_merged()
    {
        var source = SavepointReader.Load(shop.Savepoint);

        // 'epoch' declares a Merge, so the function's generated restore accepts two units of it; no field is named.
        var rescaled = await SavepointWriter.From(source).ChangeParallelism(ShopJob.SourceUid, 3, () => new ShopSource()).WriteAsync(shop.NewFolder());
        Assert.Equal(3, SavepointReader.Load(rescaled).Operator(ShopJob.SourceUid).Parallelism);

        // 'emitted' does not: the generated restore refuses, naming the field, and nothing changes.
        var writer = SavepointWriter.From(source);
        var refused = Assert.Throws<CheckpointRestoreException>(() => writer.ChangeParallelism(ShopJob.SourceUid, 1, () => new ShopSource()));
        Assert.Contains("emitted", refused.Message);
        Assert.Contains("Merge", refused.Message);
        var unchanged = await writer.WriteAsync(shop.NewFolder());
        Assert.Equal(2, SavepointReader.Load(unchanged).Operator(ShopJob.SourceUid).Parallelism);
    }

    private static byte[] Concat(IReadOnlyList<ReadOnlyMemory<byte>> chunks) => [.. chunks.SelectMany(c => c.ToArray())];
}
