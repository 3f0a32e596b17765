using BenchmarkDotNet.Attributes;
using Checkpointing.S3.Benchmarks.Rig;

namespace Checkpointing.S3.Benchmarks;

/// <summary>Run-wide mode: in-process runs, so the host's flag reaches every parameter source.</summary>
public static class BenchmarkMode
{
    public static bool Dry { get; set; }
}

/// <summary>Sizes of the state, in units (one long each) over both subtasks.</summary>
public static class Sizes
{
    public static IEnumerable<int> Units() => BenchmarkMode.Dry ? [1_000] : [1_000, 10_000, 100_000, 1_000_000];
}

/// <summary>One checkpoint of a running job (snapshot, encode, write every state file, then the metadata): the file system storage against S3 on s3rver.</summary>
public class CheckpointBenchmarks
{
    private StorageRig? rig;

    [ParamsSource(typeof(Sizes), nameof(Sizes.Units))]
    public int Units { get; set; }

    [GlobalSetup(Target = nameof(FileSystem))]
    public Task SetUpFileSystem() => SetUp(StorageKind.FileSystem);

    [GlobalSetup(Target = nameof(S3))]
    public Task SetUpS3() => SetUp(StorageKind.S3);

    [Benchmark(Baseline = true)]
    public Task<string> FileSystem() => rig!.CheckpointAsync();

    [Benchmark]
    public Task<string> S3() => rig!.CheckpointAsync();

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (rig is not null) await rig.DisposeAsync();
    }

    private async Task SetUp(StorageKind kind)
    {
        rig = new StorageRig(kind, Units);
        await rig.StartAsync();
    }
}

/// <summary>A job restored from a checkpoint (list, read, verify every file, decode and restore every unit): the file system storage against S3 on s3rver.</summary>
public class RestoreBenchmarks
{
    private StorageRig? rig;
    private string location = "";

    [ParamsSource(typeof(Sizes), nameof(Sizes.Units))]
    public int Units { get; set; }

    [GlobalSetup(Target = nameof(FileSystem))]
    public Task SetUpFileSystem() => SetUp(StorageKind.FileSystem);

    [GlobalSetup(Target = nameof(S3))]
    public Task SetUpS3() => SetUp(StorageKind.S3);

    [Benchmark(Baseline = true)]
    public Task FileSystem() => rig!.RestoreAsync(location);

    [Benchmark]
    public Task S3() => rig!.RestoreAsync(location);

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (rig is not null) await rig.DisposeAsync();
    }

    private async Task SetUp(StorageKind kind)
    {
        rig = new StorageRig(kind, Units);
        await rig.StartAsync();
        location = await rig.CheckpointAsync();
    }
}
