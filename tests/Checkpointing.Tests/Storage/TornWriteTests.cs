using Checkpointing.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing.Tests.Storage;

/// <summary>A crash at any write step leaves a checkpoint that is never restored; the previous complete one is.</summary>
public class TornWriteTests
{
    private sealed class Injected(string step) : IOException($"injected crash before {step}");

    /// <summary>The write steps of one checkpoint, as the fault-injection hook reports them.</summary>
    private static async Task<List<string>> RecordStepsAsync()
    {
        using var folder = new TempFolder();
        var steps = new List<string>();
        CheckpointDirectory.BeforeStep = steps.Add;
        try
        {
            await Checkpoints.WriteAsync(new FileSystemCheckpointStorage(folder.Path), 1);
        }
        finally
        {
            CheckpointDirectory.BeforeStep = null;
        }
        return steps;
    }

    [Fact]
    public async Task The_hook_sees_every_state_file_then_the_metadata_write_and_rename()
    {
        var steps = await RecordStepsAsync();
        Assert.Equal(["file:subtask-0", "file:subtask-1", "metadata:write", "metadata:rename"], steps);
    }

    [Fact]
    public async Task A_crash_at_any_write_step_leaves_the_previous_checkpoint_as_latest()
    {
        var steps = await RecordStepsAsync();
        Assert.NotEmpty(steps);
        foreach (var crashAt in steps)
        {
            using var folder = new TempFolder();
            var storage = new FileSystemCheckpointStorage(folder.Path);
            await Checkpoints.WriteAsync(storage, 1);

            CheckpointDirectory.BeforeStep = step => { if (step == crashAt) throw new Injected(step); };
            try
            {
                await Assert.ThrowsAsync<Injected>(() => Checkpoints.WriteAsync(storage, 2));
            }
            finally
            {
                CheckpointDirectory.BeforeStep = null;
            }

            Assert.False(File.Exists(Path.Combine(storage.CheckpointPath(Checkpoints.Job, 2), "_metadata")), $"crash before {crashAt} left a _metadata");
            Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
            Assert.Equal(2, storage.HighestId(Checkpoints.Job)); // the torn id is never reused

            // A later checkpoint completes normally despite the torn folder.
            await Checkpoints.WriteAsync(storage, 3);
            Checkpoints.AssertIs(3, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        }
    }

    [Fact]
    public async Task A_crash_before_the_metadata_rename_leaves_a_stray_inprogress_file_that_is_never_restored()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        await Checkpoints.WriteAsync(storage, 1);
        CheckpointDirectory.BeforeStep = step => { if (step == "metadata:rename") throw new Injected(step); };
        try
        {
            await Assert.ThrowsAsync<Injected>(() => Checkpoints.WriteAsync(storage, 2));
        }
        finally
        {
            CheckpointDirectory.BeforeStep = null;
        }

        var torn = storage.CheckpointPath(Checkpoints.Job, 2);
        Assert.True(File.Exists(Path.Combine(torn, "_metadata.inprogress")));
        var logger = new ListLogger();
        Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, logger));
        Assert.Contains(logger.Messages, m => m.Contains("never completed") && m.Contains("chk-2"));
    }

    [Fact]
    public async Task A_hand_placed_inprogress_metadata_does_not_complete_a_checkpoint()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        await Checkpoints.WriteAsync(storage, 1);
        var location = await Checkpoints.WriteAsync(storage, 2);
        File.Move(Path.Combine(location, "_metadata"), Path.Combine(location, "_metadata.inprogress"));
        Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }

    [Fact]
    public async Task An_in_memory_checkpoint_stopped_after_any_number_of_writes_is_never_restored()
    {
        var files = Checkpoints.Files(2);
        for (var written = 0; written <= files.Count; written++)
        {
            var storage = new InMemoryCheckpointStorage();
            await Checkpoints.WriteAsync(storage, 1);
            var target = storage.Begin(Checkpoints.Job, 2);
            foreach (var (name, bytes) in files.Take(written)) await target.WriteFileAsync(name, bytes, CancellationToken.None);
            Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
        }
    }

    [Fact]
    public async Task An_aborted_checkpoint_folder_is_removed()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var target = storage.Begin(Checkpoints.Job, 5);
        await target.WriteFileAsync("subtask-0", Checkpoints.Files(5)[0].Bytes, CancellationToken.None);
        Assert.True(Directory.Exists(target.Location));
        target.Abort();
        Assert.False(Directory.Exists(target.Location));
    }

    [Fact]
    public async Task The_fault_hook_is_confined_to_the_flow_that_set_it()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        CheckpointDirectory.BeforeStep = step => throw new Injected(step);
        try
        {
            // Work started with flow suppressed does not inherit the hook.
            Task other;
            using (ExecutionContext.SuppressFlow()) other = Task.Run(() => Checkpoints.WriteAsync(storage, 1));
            await other;
        }
        finally
        {
            CheckpointDirectory.BeforeStep = null;
        }
        Checkpoints.AssertIs(1, storage.LoadLatest(Checkpoints.Job, NullLogger.Instance));
    }
}
