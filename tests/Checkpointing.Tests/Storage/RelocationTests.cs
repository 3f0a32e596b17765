using Checkpointing.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>Metadata names files relative to its folder, so a checkpoint or savepoint folder can be moved and still loads.</summary>
public class RelocationTests
{
    private static CompletedCheckpoint LoadFolder(string folder) => StorageCalls.LoadFolder(folder);

    [Fact]
    public async Task A_checkpoint_folder_moved_and_renamed_still_loads()
    {
        using var temp = new TempFolder();
        var storage = new FileSystemCheckpointStorage(temp.Combine("original"));
        var location = await Checkpoints.WriteAsync(storage, 6);
        var moved = temp.Combine("elsewhere", "deeper", "renamed-savepoint");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(location, moved);

        var loaded = LoadFolder(moved);
        Checkpoints.AssertIs(6, loaded);
        Assert.Equal(moved, loaded.Location);
        Assert.False(Directory.Exists(location));
    }

    [Fact]
    public async Task A_whole_storage_root_moved_elsewhere_still_finds_its_latest_checkpoint()
    {
        using var temp = new TempFolder();
        var before = temp.Combine("before");
        var storage = new FileSystemCheckpointStorage(before);
        await Checkpoints.WriteAsync(storage, 1);
        await Checkpoints.WriteAsync(storage, 2);
        var after = temp.Combine("after");
        Directory.Move(before, after);

        Checkpoints.AssertIs(2, new FileSystemCheckpointStorage(after).LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Fact]
    public async Task A_checkpoint_folder_copied_file_by_file_loads_from_the_copy()
    {
        using var temp = new TempFolder();
        var storage = new FileSystemCheckpointStorage(temp.Combine("source"));
        var location = await Checkpoints.WriteAsync(storage, 3);
        var copy = Directory.CreateDirectory(temp.Combine("copy")).FullName;
        foreach (var file in Directory.GetFiles(location)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        Directory.Delete(location, recursive: true);

        Checkpoints.AssertIs(3, LoadFolder(copy));
    }

    [Fact]
    public void A_folder_without_metadata_fails_to_load_with_a_format_exception_naming_it()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<CheckpointFormatException>(() => LoadFolder(temp.Path));
        Assert.Contains(temp.Path, error.Message);
        Assert.Contains("never completed", error.Message);
    }
}
