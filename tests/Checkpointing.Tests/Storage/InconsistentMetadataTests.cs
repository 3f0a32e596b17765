using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>Metadata whose files are each intact but do not add up to a whole operator is rejected.</summary>
public class InconsistentMetadataTests
{
    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Metadata_that_omits_a_subtask_file_is_rejected_naming_the_missing_subtask(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        sut.Write(2, "_metadata", Checkpoints.Metadata(2, [("subtask-0", sut.Read(2, "subtask-0")!)]));

        var logger = new ListLogger();
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, logger));
        Assert.Contains(logger.Messages, m => m.Contains("subtask 1 of 2 is missing"));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Metadata_that_lists_one_subtask_file_twice_is_rejected(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        var zero = sut.Read(2, "subtask-0")!;
        sut.Write(2, "_metadata", Checkpoints.Metadata(2, [("subtask-0", zero), ("subtask-0", zero)]));

        var logger = new ListLogger();
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, logger));
        Assert.Contains(logger.Messages, m => m.Contains("appears twice"));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Metadata_of_another_checkpoint_placed_in_a_folder_does_not_vouch_for_its_files(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        sut.Write(2, "_metadata", sut.Read(1, "_metadata")!);
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task A_file_not_listed_in_the_metadata_is_ignored(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        sut.Write(1, "notes.txt", [1, 2, 3]);
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }
}
