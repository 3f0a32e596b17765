using Checkpointing.Storage;
using Checkpointing.Format;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>Valid files in the wrong place are rejected: the metadata pins each file's length and checksum, and each file its checkpoint id.</summary>
public class SwappedFileTests
{
    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task A_state_file_replaced_by_the_same_file_of_an_older_checkpoint_is_rejected(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        sut.Write(2, "subtask-0", sut.Read(1, "subtask-0")!);

        var logger = new ListLogger();
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, logger));
        Assert.Contains(logger.Messages, m => m.Contains("subtask-0") && m.Contains("checksum"));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Two_state_files_of_one_checkpoint_swapped_are_rejected(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        var zero = sut.Read(2, "subtask-0")!;
        sut.Write(2, "subtask-0", sut.Read(2, "subtask-1")!);
        sut.Write(2, "subtask-1", zero);
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Metadata_that_lists_a_valid_file_of_another_checkpoint_is_rejected(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        // Put checkpoint 1's subtask-0 into checkpoint 2 and rewrite checkpoint 2's metadata to match it exactly.
        var foreign = sut.Read(1, "subtask-0")!;
        sut.Write(2, "subtask-0", foreign);
        sut.Write(2, "_metadata", Checkpoints.Metadata(2, [("subtask-0", foreign), ("subtask-1", sut.Read(2, "subtask-1")!)]));

        var logger = new ListLogger();
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, logger));
        Assert.Contains(logger.Messages, m => m.Contains("subtask-0") && m.Contains("belongs to checkpoint 1, not 2"));
    }

    [Fact]
    public void Metadata_that_names_a_file_outside_its_folder_is_rejected()
    {
        var metadata = new CheckpointMetadata(1, 1, "job", false, [new StateFileInfo("../chk-0/subtask-0", 10, 0)]).ToBytes();
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointMetadata.FromBytes(metadata, "chk-1/_metadata"));
        Assert.Contains("not a plain file name", error.Message);
        Assert.Contains("chk-1/_metadata", error.Message);
    }

    [Fact]
    public void A_state_file_is_not_accepted_as_metadata()
    {
        var file = Checkpoints.Files(1)[0].Bytes;
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointMetadata.FromBytes(file, "chk-1/_metadata"));
        Assert.Contains($"file kind {(byte)FileKind.SubtaskState} at offset 6", error.Message);
    }
}
