namespace Checkpointing.Testing;

/// <summary>
/// The guarantees every <see cref="CheckpointStorage"/> gives, as checks that run in any test framework (the role of
/// Flink's FileSystemBehaviorTestSuite). With xunit:
/// <code>
/// public static TheoryData&lt;string&gt; Cases => new(StorageContract.CaseNames);
/// [Theory, MemberData(nameof(Cases))]
/// public Task Meets_the_contract(string name) => StorageContract.RunAsync(name, () => new StorageUnderTest(MyStorage(), savepointDir));
/// </code>
/// Each case gets a fresh storage from the factory and throws <see cref="StorageContractException"/> when the
/// storage breaks the guarantee the case is named after.
/// </summary>
public static class StorageContract
{
    /// <summary>Every case, named after the guarantee it checks.</summary>
    public static IReadOnlyList<string> CaseNames { get; } = [.. StorageContractCases.All.Keys];

    /// <summary>Runs one case against a fresh storage from <paramref name="newStorage"/>.</summary>
    public static async Task RunAsync(string caseName, Func<StorageUnderTest> newStorage)
    {
        ArgumentNullException.ThrowIfNull(newStorage);
        if (!StorageContractCases.All.TryGetValue(caseName, out var check))
            throw new ArgumentException($"No storage contract case is named '{caseName}'; the cases are: {string.Join(", ", CaseNames)}.", nameof(caseName));
        await check(newStorage()).ConfigureAwait(false);
    }

    /// <summary>Runs every case, each against a fresh storage.</summary>
    public static async Task RunAllAsync(Func<StorageUnderTest> newStorage)
    {
        foreach (var name in CaseNames) await RunAsync(name, newStorage).ConfigureAwait(false);
    }
}
