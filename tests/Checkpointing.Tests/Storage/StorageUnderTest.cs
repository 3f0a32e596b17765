namespace Checkpointing.Tests.Storage;

/// <summary>One storage kind with raw access to its stored files, to damage them on purpose.</summary>
internal abstract class StorageUnderTest : IDisposable
{
    public abstract CheckpointStorage Storage { get; }

    public abstract byte[]? Read(long id, string name);

    public abstract void Write(long id, string name, byte[] bytes);

    public abstract void Delete(long id, string name);

    public virtual void Dispose() { }

    public static StorageUnderTest Create(string kind) => kind switch
    {
        "file-system" => new FileSystem(),
        "in-memory" => new InMemory(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> Kinds => new() { "file-system", "in-memory" };

    private sealed class FileSystem : StorageUnderTest
    {
        private readonly TempFolder folder = new();
        private readonly FileSystemCheckpointStorage storage;

        public FileSystem() => storage = new FileSystemCheckpointStorage(folder.Path);

        public override CheckpointStorage Storage => storage;

        private string PathOf(long id, string name) => System.IO.Path.Combine(storage.CheckpointPath(Checkpoints.Job, id), name);

        public override byte[]? Read(long id, string name) => File.Exists(PathOf(id, name)) ? File.ReadAllBytes(PathOf(id, name)) : null;

        public override void Write(long id, string name, byte[] bytes) => File.WriteAllBytes(PathOf(id, name), bytes);

        public override void Delete(long id, string name) => File.Delete(PathOf(id, name));

        public override void Dispose() => folder.Dispose();
    }

    private sealed class InMemory : StorageUnderTest
    {
        private readonly InMemoryCheckpointStorage storage = new();

        public override CheckpointStorage Storage => storage;

        private IDictionary<string, byte[]> Files(long id) => storage.FilesOf(Checkpoints.Job, id) ?? throw new InvalidOperationException($"no checkpoint {id}");

        public override byte[]? Read(long id, string name) => Files(id).TryGetValue(name, out var bytes) ? bytes : null;

        public override void Write(long id, string name, byte[] bytes) => Files(id)[name] = bytes;

        public override void Delete(long id, string name) => Files(id).Remove(name);
    }
}
