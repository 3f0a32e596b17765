using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task A_committed_checkpoint_loads_back_with_its_state(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task The_newest_complete_checkpoint_is_the_latest(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 3);
        await Checkpoints.WriteAsync(sut.Storage, 11);
        await Checkpoints.WriteAsync(sut.Storage, 7);
        Checkpoints.AssertIs(11, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        Assert.Equal(11, sut.Storage.HighestId(Checkpoints.Job));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public void An_empty_storage_has_no_latest_checkpoint(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        Assert.Null(sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        Assert.Equal(0, sut.Storage.HighestId(Checkpoints.Job));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Checkpoints_of_another_job_are_not_loaded(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        Assert.Null(sut.Storage.LoadLatest("another-job", NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task A_discarded_checkpoint_is_gone_and_the_previous_one_is_latest(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        sut.Storage.Discard(Checkpoints.Job, 2);
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Fact]
    public async Task File_system_checkpoints_live_in_chk_folders_under_the_job_folder()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var location = await Checkpoints.WriteAsync(storage, 4);
        Assert.Equal(folder.Combine(Checkpoints.Job, "chk-4"), location);
        Assert.Equal(["_metadata", "subtask-0", "subtask-1"], Directory.GetFiles(location).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
