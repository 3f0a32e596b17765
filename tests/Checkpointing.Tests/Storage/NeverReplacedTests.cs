using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>A completed checkpoint is never replaced: a second write of the same id fails and the first one still loads.</summary>
public class NeverReplacedTests
{
    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Committing_again_over_a_complete_checkpoint_fails_and_the_old_one_still_loads(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        var target = sut.Storage.Begin(Checkpoints.Job, 1);
        var other = Checkpoints.Metadata(1, Checkpoints.Files(99));
        await Assert.ThrowsAnyAsync<IOException>(() => target.CommitAsync(other, CancellationToken.None));
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Rewriting_the_state_files_of_a_complete_checkpoint_does_not_replace_them(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);

        // A second writer of the same id (a bug, a clock or id mix-up): whatever it manages to do must not replace good data.
        var target = sut.Storage.Begin(Checkpoints.Job, 1);
        var files = Checkpoints.Files(99);
        foreach (var (name, bytes) in files)
        {
            try { await target.WriteFileAsync(name, bytes, CancellationToken.None); }
            catch (IOException) { /* refusing is one correct answer */ }
        }
        await Assert.ThrowsAnyAsync<IOException>(() => target.CommitAsync(Checkpoints.Metadata(1, files), CancellationToken.None));

        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Fact]
    public async Task A_file_system_state_file_is_never_overwritten_in_place()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var location = await Checkpoints.WriteAsync(storage, 1);
        var before = File.ReadAllBytes(Path.Combine(location, "subtask-0"));
        var target = storage.Begin(Checkpoints.Job, 1);
        await Assert.ThrowsAnyAsync<IOException>(() => target.WriteFileAsync("subtask-0", Checkpoints.Files(99)[0].Bytes, CancellationToken.None));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(location, "subtask-0")));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Aborting_a_second_writer_of_a_completed_checkpoint_id_keeps_the_completed_checkpoint(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);

        // What the coordinator does when its commit fails: abort the target. The target it aborts is the completed one.
        var target = sut.Storage.Begin(Checkpoints.Job, 1);
        await Assert.ThrowsAnyAsync<IOException>(() => target.CommitAsync(Checkpoints.Metadata(1, Checkpoints.Files(99)), CancellationToken.None));
        target.Abort();

        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }
}
