using Xunit.Abstractions;
using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.StateProcessing;

/// <summary>
/// Large checkpoints stream: the reader and the writer hold a bounded number of state files at once, whatever the
/// number of files. Storages hand out and take whole files, so a file is the unit: verifying holds the file being
/// checked, writing holds the file being written and the one source file it is being built from. Measured with a
/// storage that counts the files still reachable at each of its calls (<see cref="WatchingStorage"/>), on a
/// savepoint of 48 subtask files. Each bound allows one file more than the design holds: a reference that code not
/// yet optimized by the JIT keeps one iteration longer (a previous loop iteration's local). Holding the checkpoint
/// would keep all 48.
/// </summary>
public sealed class BoundedMemoryTests(ITestOutputHelper output)
{
    private const int Subtasks = 48;
    private const int BlobsPerSubtask = 8;
    private const int BlobSize = 4096;

    private static readonly ListStateDescriptor<byte[]> Blobs = new("blobs");

    [Fact]
    public async Task Verifying_holds_one_file_at_a_time()
    {
        var (storage, location) = await BigSavepointAsync();

        storage.Watch();
        var reader = await SavepointReader.LoadAsync(storage, location);

        Assert.Equal(Subtasks, reader.FileNames.Count);
        Assert.Equal(Subtasks, storage.Reads);
        Assert.True(storage.MostFilesHeld <= 2, Describe(storage));
    }

    [Fact]
    public async Task Reading_units_holds_one_file_at_a_time()
    {
        var (storage, location) = await BigSavepointAsync();
        var reader = await SavepointReader.LoadAsync(storage, location);

        storage.Watch();
        var blobs = reader.ReadState<byte[]>(ShopJob.SourceUid, "blobs");
        var trees = reader.ReadOperatorAsTree(ShopJob.SourceUid, limit: 1);

        Assert.Equal(Subtasks * BlobsPerSubtask, blobs.Count);
        Assert.Equal(Subtasks, trees["owned"].Count);
        Assert.Equal(2 * Subtasks, storage.Reads);
        Assert.True(storage.MostFilesHeld <= 2, Describe(storage));
    }

    [Fact]
    public async Task Writing_a_copy_holds_the_file_written_and_the_file_it_comes_from()
    {
        var (storage, location) = await BigSavepointAsync();
        var reader = await SavepointReader.LoadAsync(storage, location);

        storage.Watch();
        var copy = await SavepointWriter.From(reader).RenameOperator(ShopJob.SourceUid, "renamed").WriteAsync(storage, "copies");

        Assert.Equal(Subtasks, storage.Reads);
        Assert.True(storage.MostFilesHeld <= 3, Describe(storage));
        Assert.True(storage.MostBytesHeld <= 3 * LargestFile(storage, location), Describe(storage));
        Assert.Equal(["renamed"], (await SavepointReader.LoadAsync(storage, copy)).Operators.Select(o => o.Uid));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(96)]
    public async Task An_offline_rescale_holds_the_file_written_and_one_source_file(int parallelism)
    {
        var (storage, location) = await BigSavepointAsync();
        var reader = await SavepointReader.LoadAsync(storage, location);

        storage.Watch();
        var writer = SavepointWriter.From(reader).ChangeParallelism(parallelism, mergedScalars: ["emitted", "epoch"]);
        var rescaled = await writer.WriteAsync(storage, "rescaled");
        var reads = storage.Reads;

        // Scaling down, one new file gathers several old ones: it is larger than a source file, and the only large one.
        Assert.True(storage.MostFilesHeld <= 3, Describe(storage));
        Assert.True(storage.MostBytesHeld <= 2 * LargestFile(storage, location) + LargestFile(storage, rescaled), Describe(storage));
        var written = await SavepointReader.LoadAsync(storage, rescaled);
        Assert.Equal(parallelism, written.Operator(ShopJob.SourceUid).Parallelism);
        Assert.Equal(Sorted(reader.ReadState<byte[]>(ShopJob.SourceUid, "blobs")), Sorted(written.ReadState<byte[]>(ShopJob.SourceUid, "blobs")));
        // The scalar check reads every source file once; then each new file reads the source files its units come
        // from, a contiguous run per state: linear in old + new subtasks, never old × new.
        var states = reader.Operator(ShopJob.SourceUid).States.Count;
        Assert.True(reads <= Subtasks + states * (Subtasks + parallelism), $"{reads} source files read");
    }

    /// <summary>A savepoint bootstrapped from data at parallelism 48: the shop source's state and 32 KiB of blobs per subtask.</summary>
    private static async Task<(WatchingStorage Storage, string Location)> BigSavepointAsync()
    {
        var storage = new WatchingStorage();
        var random = new Random(17);
        var subtasks = Enumerable.Range(0, Subtasks)
            .Select(s => (object)ShopSource.WithState([new Partition(s, 100 + s)], emitted: s, epoch: 1))
            .ToList();
        var blobs = Enumerable.Range(0, Subtasks)
            .Select(_ => (IReadOnlyList<byte[]>)[.. Enumerable.Range(0, BlobsPerSubtask).Select(_ => { var b = new byte[BlobSize]; random.NextBytes(b); return b; })])
            .ToList();
        var location = await SavepointWriter.Empty(ShopJob.Name)
            .WithOperator(ShopJob.SourceUid, subtasks)
            .WithState(ShopJob.SourceUid, Blobs, blobs)
            .WriteAsync(storage, "big");
        return (storage, location);
    }

    private static long LargestFile(WatchingStorage storage, string location) =>
        storage.Files.Where(f => f.Key.StartsWith(location + "/", StringComparison.Ordinal) && !f.Key.EndsWith("/_metadata", StringComparison.Ordinal)).Max(f => f.Value.Length);

    private static List<string> Sorted(IEnumerable<byte[]> blobs) => [.. blobs.Select(Convert.ToHexString).Order(StringComparer.Ordinal)];

    private string Describe(WatchingStorage storage)
    {
        var text = $"{storage.MostFilesHeld} files ({storage.MostBytesHeld} B) held at once, {storage.Reads} read: {string.Join(", ", storage.HeldAtMost)}";
        output.WriteLine(text);
        return text;
    }
}
