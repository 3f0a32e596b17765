using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.StateProcessing;

public sealed class SavepointReaderTests(ShopCheckpoints shop) : IClassFixture<ShopCheckpoints>
{
    [Fact]
    public void Operators_states_and_units_per_subtask_are_listed()
    {
        var reader = SavepointReader.Load(shop.Savepoint);

        Assert.True(reader.IsSavepoint);
        Assert.Equal(ShopJob.Name, reader.JobName);
        var source = reader.Operator(ShopJob.SourceUid);
        Assert.Equal(2, source.Parallelism);
        Assert.Equal(["$scalars", "$scalars.union", "owned"], source.States.Select(s => s.Name));
        var owned = source.State("owned");
        Assert.Equal(Redistribution.EvenSplit, owned.Mode);
        Assert.Equal([4, 4], owned.UnitCounts);
        Assert.All(owned.ByteCounts, b => Assert.True(b > 0));
        Assert.Equal(["Id", "Offset"], owned.Layouts.Single().Members);
        Assert.Equal([1, 1], source.State("$scalars").UnitCounts);
        Assert.Equal(Redistribution.Union, source.State("$scalars.union").Mode);
    }

    [Fact]
    public void Typed_reads_use_the_generated_formatters()
    {
        var reader = SavepointReader.Load(shop.Savepoint);

        var partitions = reader.ReadState<Partition>(ShopJob.SourceUid, "owned");
        Assert.Equal(Enumerable.Range(0, 8), partitions.Select(p => p.Id).Order());
        Assert.All(partitions, p => Assert.True(p.Offset > 0, "the job ran before the savepoint"));

        var scalars = reader.ReadScalars<ShopSource>(ShopJob.SourceUid);
        Assert.Equal(2, scalars.Count);
        // Each subtask emitted one record per partition step: its counter is the sum of its partitions' offsets.
        var bySubtask = Enumerable.Range(0, 2).Select(s => reader.ReadState<Partition>(ShopJob.SourceUid, "owned").Where(p => p.Id % 2 == s).Sum(p => p.Offset)).ToList();
        Assert.Equal(bySubtask, scalars.Select(s => s.Emitted));
        Assert.All(scalars, s => Assert.Equal(1, s.Epoch));
        Assert.All(scalars, s => Assert.Empty(s.Owned)); // collections are not read by ReadScalars
    }

    [Fact]
    public void Generic_reads_name_members_from_the_stored_layouts()
    {
        var reader = SavepointReader.Load(shop.Savepoint);

        var owned = reader.ReadUnitsAsTree(ShopJob.SourceUid, "owned", limit: 2);
        Assert.Equal(2, owned.Count);
        Assert.All(owned, units => Assert.Equal(2, units.Count));
        var first = owned[0][0]!.AsObject();
        Assert.Equal(0, first["Id"]!.GetValue<long>());
        Assert.True(first["Offset"]!.GetValue<long>() > 0);

        var scalars = reader.ReadUnitsAsTree(ShopJob.SourceUid, "$scalars");
        var unit = scalars[1][0]!.AsObject();
        Assert.Equal(reader.ReadScalars<ShopSource>(ShopJob.SourceUid)[1].Emitted, unit["emitted"]!.GetValue<long>());
        Assert.Equal("long", unit["$types"]!["emitted"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_uid_or_state_names_what_there_is()
    {
        var reader = SavepointReader.Load(shop.Savepoint);

        var uid = Assert.Throws<ArgumentException>(() => reader.Operator("nope"));
        Assert.Contains("'shop-source'", uid.Message);
        var state = Assert.Throws<ArgumentException>(() => reader.ReadState<long>(ShopJob.SourceUid, "nope"));
        Assert.Contains("'owned'", state.Message);
    }

    [Fact]
    public void A_damaged_file_is_reported_with_its_name_and_reason()
    {
        var copy = shop.CopyOfSavepoint();
        var file = Path.Combine(copy, "source-0-subtask-1");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<CheckpointFormatException>(() => SavepointReader.Load(copy));
        Assert.Contains("source-0-subtask-1", error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_folder_without_metadata_is_incomplete()
    {
        var copy = shop.CopyOfSavepoint();
        File.Delete(Path.Combine(copy, "_metadata"));

        var error = Assert.Throws<CheckpointFormatException>(() => SavepointReader.Load(copy));
        Assert.Contains("never completed", error.Message);
    }

    [Fact]
    public void Progress_is_reported_for_every_file()
    {
        var reports = new List<SavepointProgress>();
        var reader = SavepointReader.Load(shop.Savepoint, new Progress(reports.Add));

        Assert.Equal(reader.FileNames.Count + 1, reports.Count);
        Assert.Equal(reader.Size, reports[^1].BytesDone);
        Assert.Equal(reader.Size, reports[^1].ByteCount);
    }

    private sealed class Progress(Action<SavepointProgress> report) : IProgress<SavepointProgress>
    {
        public void Report(SavepointProgress value) => report(value);
    }
}
