using Amazon.Runtime;
using Amazon.S3;
using Checkpointing.S3.Testing;

namespace Checkpointing.S3.Benchmarks.Rig;

/// <summary>Which storage a benchmark case runs on.</summary>
public enum StorageKind
{
    FileSystem,
    S3,
}

/// <summary>
/// A running job (parallelism 2) whose sources hold <c>units</c> units in total, on the file system storage or on
/// S3 in a private s3rver. <see cref="CheckpointAsync"/> takes one checkpoint of it, written through the storage as
/// every checkpoint is (state files in parallel, metadata last); <see cref="RestoreAsync"/> starts a second job from
/// one and returns once its sources run, i.e. after loading, verifying and restoring every unit.
/// </summary>
public sealed class StorageRig : IAsyncDisposable
{
    private const int Parallelism = 2;
    private const string Bucket = "bench";
    private readonly string scratch = Directory.CreateTempSubdirectory("checkpointing-s3-bench-").FullName;
    private readonly S3rverServer? server;
    private readonly AmazonS3Client? client;
    private readonly CheckpointStorage storage;
    private readonly string savepoints;
    private readonly int units;
    private JobClient? job;

    public StorageRig(StorageKind kind, int units)
    {
        this.units = units;
        if (kind == StorageKind.S3)
        {
            server = S3rverServer.Start(Bucket);
            var options = new S3CheckpointStorageOptions { Bucket = Bucket, Prefix = "checkpoints", ServiceUrl = server.ServiceUrl, Region = "us-east-1", CheckAbsenceBeforeWrite = true };
            // s3rver's fixed development key pair, never a real credential.
            client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), options.ToClientConfig());
            storage = new S3CheckpointStorage(options.Bucket, options.Prefix, client, options);
            savepoints = $"s3://{Bucket}/savepoints";
        }
        else
        {
            storage = new FileSystemCheckpointStorage(Path.Combine(scratch, "checkpoints"));
            savepoints = Path.Combine(scratch, "savepoints");
        }
    }

    /// <summary>Starts the job that holds the state, and waits until it runs.</summary>
    public async Task StartAsync() => job = (await StartJobAsync("bench", restoreFrom: null, units / Parallelism)).Job;

    /// <summary>One checkpoint of the running job; returns its location.</summary>
    public Task<string> CheckpointAsync() => job!.TriggerSavepointAsync(savepoints);

    /// <summary>A new job restored from <paramref name="location"/>, until its sources run; then cancelled.</summary>
    public async Task RestoreAsync(string location)
    {
        var (restored, sources) = await StartJobAsync("bench-restore", location, unitsEach: 0);
        var total = sources.Sum(s => s.Units);
        await restored.CancelAsync();
        await restored.Completion;
        if (total != units / Parallelism * Parallelism) throw new InvalidOperationException($"Restored {total} units instead of {units}.");
    }

    private async Task<(JobClient Job, UnitsSource[] Sources)> StartJobAsync(string name, string? restoreFrom, int unitsEach)
    {
        var sources = new List<UnitsSource>();
        var env = new StreamExecutionEnvironment { Parallelism = Parallelism, CheckpointStorage = storage };
        env.AddSource<long>(() =>
        {
            var source = new UnitsSource(unitsEach);
            lock (sources) sources.Add(source);
            return source;
        }).Uid("units").AddSink(() => new DiscardingSink<long>()).Uid("sink");
        if (restoreFrom is not null) env.RestoreFrom(restoreFrom);
        var started = await env.StartAsync(name);
        while (true)
        {
            UnitsSource[] created;
            lock (sources) created = [.. sources];
            if (created.Length == Parallelism)
            {
                await Task.WhenAll(created.Select(s => s.Running.Task));
                return (started, created);
            }
            if (started.Completion.IsCompleted) throw new InvalidOperationException($"Job {name} ended before its sources ran: {(await started.Completion).Status}.");
            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (job is not null)
        {
            await job.CancelAsync();
            await job.Completion;
        }
        (storage as IDisposable)?.Dispose();
        client?.Dispose();
        server?.Dispose();
        Directory.Delete(scratch, recursive: true);
    }
}
