using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.StateProcessing;

/// <summary>The reader and writer on any storage, through the public storage contract: by job and id, and by location.</summary>
public sealed class StorageTests(ShopCheckpoints shop) : IClassFixture<ShopCheckpoints>
{
    [Fact]
    public async Task A_checkpoint_is_loaded_by_job_and_id_from_its_storage()
    {
        var storage = new FileSystemCheckpointStorage(shop.Checkpoints);
        var newest = (await storage.ListCheckpointsAsync(ShopJob.Name)).First(c => File.Exists(Path.Combine(c.Location, "_metadata")));

        var reader = await SavepointReader.LoadAsync(storage, ShopJob.Name, newest.CheckpointId);

        Assert.Equal(newest.CheckpointId, reader.CheckpointId);
        Assert.False(reader.IsSavepoint);
        Assert.Equal(2, reader.Operator(ShopJob.SourceUid).Parallelism);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => SavepointReader.LoadAsync(storage, ShopJob.Name, 999_999));
        Assert.Contains(newest.CheckpointId.ToString(System.Globalization.CultureInfo.InvariantCulture), missing.Message);
    }

    [Fact]
    public async Task A_savepoint_is_written_into_and_read_back_from_a_storage_that_is_not_a_file_system()
    {
        var storage = new DictionaryStorage();
        var source = SavepointReader.Load(shop.Savepoint);

        var location = await SavepointWriter.From(source).WriteAsync(storage, "savepoints");
        var copy = await SavepointReader.LoadAsync(storage, location);

        Assert.StartsWith("dict://savepoints/savepoint-shop-", location);
        foreach (var name in Directory.GetFiles(shop.Savepoint).Select(Path.GetFileName))
            Assert.Equal(File.ReadAllBytes(Path.Combine(shop.Savepoint, name!)), storage.Files[$"{location}/{name}"]);
        Assert.Equal(source.ReadState<Partition>(ShopJob.SourceUid, "owned"), copy.ReadState<Partition>(ShopJob.SourceUid, "owned"));
    }
}
