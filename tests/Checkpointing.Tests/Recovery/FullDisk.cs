using System.Diagnostics;
using Checkpointing.Testing;

namespace Checkpointing.Tests.Recovery;

/// <summary>
/// A disk that can be filled and freed. As root: a real 1 MiB tmpfs mounted for the test (a filler file takes the
/// space, so writes fail with the kernel's ENOSPC). Otherwise: a storage that fails every write with the same error.
/// </summary>
internal abstract class FullDisk : IAsyncDisposable
{
    public abstract CheckpointStorage Storage { get; }

    public abstract void Fill();

    public abstract void Free();

    public abstract ValueTask DisposeAsync();

    public static async Task<FullDisk> CreateAsync() => await Tmpfs.TryMountAsync() ?? (FullDisk)new Injected();

    private sealed class Injected : FullDisk
    {
        private readonly FaultInjectingStorage storage = new(new InMemoryCheckpointStorage());

        public override CheckpointStorage Storage => storage;

        public override void Fill() => storage.Fail(StorageStep.WriteFile, times: int.MaxValue);

        public override void Free() => storage.Heal();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Tmpfs(string mountPoint) : FullDisk
    {
        private readonly string filler = Path.Combine(mountPoint, "filler");

        public override CheckpointStorage Storage { get; } = new FileSystemCheckpointStorage(Path.Combine(mountPoint, "checkpoints"));

        public static async Task<Tmpfs?> TryMountAsync()
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return null;
            var mountPoint = Directory.CreateTempSubdirectory("ckpt-full-disk-").FullName;
            if (await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint) == 0) return new Tmpfs(mountPoint);
            Directory.Delete(mountPoint);
            return null;
        }

        public override void Fill()
        {
            var chunk = new byte[16 * 1024];
            using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
            try
            {
                while (true) stream.Write(chunk);
            }
            catch (IOException)
            {
                // Full: what the next checkpoint meets.
            }
        }

        public override void Free() => File.Delete(filler);

        public override async ValueTask DisposeAsync()
        {
            // Only the mount this test made is undone, then its empty mount point removed.
            if (await RunAsync("umount", mountPoint) == 0) Directory.Delete(mountPoint, recursive: true);
        }

        private static async Task<int> RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                return -1;
            }
            return process.ExitCode;
        }
    }
}
