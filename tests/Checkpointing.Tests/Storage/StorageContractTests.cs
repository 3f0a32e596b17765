using Checkpointing.Testing;
using ContractStorage = Checkpointing.Testing.StorageUnderTest;

namespace Checkpointing.Tests.Storage;

/// <summary>Both built-in storages meet the storage contract of Checkpointing.Testing, and the suite catches a storage that does not.</summary>
public class StorageContractTests
{
    public static TheoryData<string> Cases => new(StorageContract.CaseNames);

    [Theory, MemberData(nameof(Cases))]
    public async Task The_file_system_storage_meets_the_contract(string name)
    {
        using var folder = new TempFolder();
        await StorageContract.RunAsync(name, () => new ContractStorage(new FileSystemCheckpointStorage(folder.Combine("checkpoints")), folder.Combine("savepoints")));
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task The_in_memory_storage_meets_the_contract(string name)
    {
        using var folder = new TempFolder();
        await StorageContract.RunAsync(name, () => new ContractStorage(new InMemoryCheckpointStorage(), folder.Combine("savepoints")));
    }

    [Fact]
    public async Task A_storage_that_replaces_files_breaks_the_contract_and_is_told_which_guarantee()
    {
        var error = await Assert.ThrowsAsync<StorageContractException>(() =>
            StorageContract.RunAsync("A state file is never replaced", () => new ContractStorage(new Overwriting(), "unused")));
        Assert.Contains("must throw an IOException", error.Message);
    }

    [Fact]
    public async Task An_unknown_case_name_lists_the_cases()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StorageContract.RunAsync("no such case", () => new ContractStorage(new InMemoryCheckpointStorage(), "x")));
        Assert.Contains(StorageContract.CaseNames[0], error.Message);
    }

    /// <summary>Keeps the last bytes written under each name: a storage that overwrites.</summary>
    private sealed class Overwriting : CheckpointStorage
    {
        private readonly Dictionary<string, byte[]> files = [];

        public override CheckpointTarget BeginCheckpoint(string jobName, long checkpointId) => new Target(files);

        public override Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string jobName, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StoredCheckpoint>>([new Stored(files)]);

        public override Task DiscardAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default) => Task.CompletedTask;

        private sealed class Target(Dictionary<string, byte[]> files) : CheckpointTarget
        {
            public override string Location => "overwriting://1";

            public override Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
            {
                files[name] = bytes.ToArray();
                return Task.CompletedTask;
            }

            public override Task CommitAsync(ReadOnlyMemory<byte> metadata, CancellationToken cancellationToken) => WriteFileAsync(MetadataFileName, metadata, cancellationToken);

            public override Task AbortAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        private sealed class Stored(Dictionary<string, byte[]> files) : StoredCheckpoint(1, "overwriting://1")
        {
            public override Task<byte[]?> ReadFileAsync(string name, CancellationToken cancellationToken) => Task.FromResult(files.GetValueOrDefault(name));
        }
    }
}
