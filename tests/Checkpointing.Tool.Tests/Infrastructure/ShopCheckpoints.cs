using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.Infrastructure;

/// <summary>Real checkpoints and a savepoint made once by the shop job at parallelism 2, shared by the tests of a class.</summary>
public sealed class ShopCheckpoints : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    /// <summary>What the job wrote, and only that: <c>checkpoints/</c> (its storage) and <c>savepoints/</c>.</summary>
    public string Root => folder.Sub("job");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    public string Savepoints => Path.Combine(Root, "savepoints");
    public string Savepoint { get; private set; } = "";

    /// <summary>A fresh folder for one test's output, inside this fixture's folder.</summary>
    public string NewFolder()
    {
        var path = Path.Combine(folder.Sub("out"), Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A copy of the savepoint that a test may damage.</summary>
    public string CopyOfSavepoint()
    {
        var copy = Path.Combine(NewFolder(), Path.GetFileName(Savepoint));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Savepoint)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    public async Task InitializeAsync() => Savepoint = await ShopJob.RunAndStopWithSavepointAsync(2, Checkpoints, Savepoints);

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}
