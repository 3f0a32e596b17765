using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>A complete checkpoint whose files were later truncated, altered or deleted is skipped; the previous one loads.</summary>
public class DamagedCheckpointTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var kind in new[] { "file-system", "in-memory" })
            foreach (var file in new[] { "_metadata", "subtask-0", "subtask-1" })
                foreach (var damage in new[] { "delete", "empty", "truncate-half", "drop-last-byte", "flip-middle-byte", "flip-last-byte", "append-byte" })
                    data.Add(kind, file, damage);
        return data;
    }

    private static byte[] Damage(byte[] bytes, string damage)
    {
        var copy = (byte[])bytes.Clone();
        switch (damage)
        {
            case "empty": return [];
            case "truncate-half": return copy[..(copy.Length / 2)];
            case "drop-last-byte": return copy[..^1];
            case "flip-middle-byte": copy[copy.Length / 2] ^= 0x20; return copy;
            case "flip-last-byte": copy[^1] ^= 0x01; return copy;
            case "append-byte": return [.. copy, 0];
            default: throw new ArgumentOutOfRangeException(nameof(damage));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_damaged_file_makes_the_checkpoint_skipped_and_the_previous_one_loads(string kind, string file, string damage)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        var original = sut.Read(2, file) ?? throw new InvalidOperationException($"{file} was not written");
        if (damage == "delete") sut.Delete(2, file);
        else sut.Write(2, file, Damage(original, damage));

        var logger = new ListLogger();
        Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, logger));
        var warning = Assert.Single(logger.Messages);
        Assert.Contains("chk-2", warning);
        Assert.Contains(file, warning);
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task Every_truncation_of_every_file_is_rejected(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        await Checkpoints.WriteAsync(sut.Storage, 2);
        foreach (var file in new[] { "_metadata", "subtask-0", "subtask-1" })
        {
            var original = sut.Read(2, file)!;
            for (var length = 0; length < original.Length; length += kind == "in-memory" ? 1 : 7)
            {
                sut.Write(2, file, original[..length]);
                Checkpoints.AssertIs(1, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
            }
            sut.Write(2, file, original);
            Checkpoints.AssertIs(2, sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        }
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Kinds), MemberType = typeof(StorageUnderTest))]
    public async Task When_every_checkpoint_is_damaged_there_is_nothing_to_restore(string kind)
    {
        using var sut = StorageUnderTest.Create(kind);
        await Checkpoints.WriteAsync(sut.Storage, 1);
        sut.Delete(1, "subtask-1");
        Assert.Null(sut.Storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Fact]
    public async Task Folders_that_are_not_checkpoints_are_ignored()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        await Checkpoints.WriteAsync(storage, 1);
        Directory.CreateDirectory(folder.Combine(Checkpoints.Job, "chk-abc"));
        Directory.CreateDirectory(folder.Combine(Checkpoints.Job, "chk-"));
        Directory.CreateDirectory(folder.Combine(Checkpoints.Job, "chk-9"));  // empty: started, never written
        Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        Assert.Equal(9, storage.HighestId(Checkpoints.Job));
    }
}
