using Checkpointing.Tool.Tests.Infrastructure;
using Checkpointing.Tool.Tests.Jobs;

namespace Checkpointing.Tool.Tests.Tool;

/// <summary>The ckpt tool run as a process on real checkpoints and a savepoint made by a job.</summary>
public sealed class ToolCommandTests(ShopCheckpoints shop) : IClassFixture<ShopCheckpoints>
{
    [Fact]
    public async Task List_shows_each_checkpoint_and_savepoint_complete_or_torn()
    {
        // One checkpoint folder without metadata: a checkpoint that never completed.
        var torn = Path.Combine(shop.Checkpoints, ShopJob.Name, "chk-999999");
        Directory.CreateDirectory(torn);
        File.WriteAllText(Path.Combine(torn, "source-0-subtask-0"), "partial");
        try
        {
            var run = await Ckpt.RunAsync("list", shop.Root, "--json");

            Assert.True(run.ExitCode == 0, run.ToString());
            var entries = run.Json["checkpoints"]!.AsArray();
            var savepoint = Assert.Single(entries, e => e!["kind"]!.GetValue<string>() == "savepoint")!;
            Assert.Equal(shop.Savepoint, savepoint["location"]!.GetValue<string>());
            Assert.True(savepoint["complete"]!.GetValue<bool>());
            Assert.Equal(ShopJob.Name, savepoint["job"]!.GetValue<string>());
            var checkpoints = entries.Where(e => e!["kind"]!.GetValue<string>() == "checkpoint").ToList();
            Assert.True(checkpoints.Count(e => e!["complete"]!.GetValue<bool>()) >= 2, run.ToString());
            var broken = Assert.Single(checkpoints, e => !e!["complete"]!.GetValue<bool>())!;
            Assert.Equal(999999, broken["checkpointId"]!.GetValue<long>());
            Assert.Contains("never completed", broken["problem"]!.GetValue<string>());

            var table = await Ckpt.RunAsync("list", shop.Root);
            Assert.True(table.ExitCode == 0, table.ToString());
            Assert.Contains("torn", table.Output);
            Assert.Contains("complete", table.Output);
        }
        finally
        {
            Directory.Delete(torn, recursive: true);
        }
    }

    [Fact]
    public async Task List_shows_the_epoch_of_checkpoints_a_fenced_run_wrote()
    {
        var checkpoints = shop.NewFolder();
        var env = ShopJob.Environment(1, checkpoints, new System.Collections.Concurrent.ConcurrentQueue<Partition>());
        env.Epoch = 7;
        var job = await env.StartAsync(ShopJob.Name);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (job.LatestCheckpointId < 1 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await job.CancelAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var run = await Ckpt.RunAsync("list", checkpoints, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var complete = run.Json["checkpoints"]!.AsArray().Where(e => e!["complete"]!.GetValue<bool>()).ToList();
        Assert.NotEmpty(complete);
        Assert.All(complete, e => Assert.Equal(7, e!["epoch"]!.GetValue<long>()));
        var table = await Ckpt.RunAsync("list", checkpoints);
        Assert.Contains("Epoch", table.Output);
        // The shared fixture's job ran without an epoch: its table has no such column.
        Assert.DoesNotContain("Epoch", (await Ckpt.RunAsync("list", shop.Checkpoints)).Output);
    }

    [Fact]
    public async Task Show_prints_the_tree_and_json_with_decoded_units()
    {
        var json = await Ckpt.RunAsync("show", shop.Savepoint, "--operator", ShopJob.SourceUid, "--state", "owned", "--json", "--limit", "2");

        Assert.True(json.ExitCode == 0, json.ToString());
        var op = Assert.Single(json.Json["operators"]!.AsArray())!;
        Assert.Equal(ShopJob.SourceUid, op["uid"]!.GetValue<string>());
        Assert.Equal(2, op["parallelism"]!.GetValue<int>());
        var state = Assert.Single(op["states"]!.AsArray())!;
        Assert.Equal("EvenSplit", state["mode"]!.GetValue<string>());
        var subtasks = state["subtasks"]!.AsArray();
        Assert.Equal(2, subtasks.Count);
        Assert.All(subtasks, s => Assert.Equal(4, s!["units"]!.GetValue<int>()));
        Assert.All(subtasks, s => Assert.Equal(2, s!["values"]!.AsArray().Count));
        Assert.Equal(1, subtasks[1]!["values"]![0]!["Id"]!.GetValue<long>());

        var tree = await Ckpt.RunAsync("show", shop.Savepoint);
        Assert.True(tree.ExitCode == 0, tree.ToString());
        Assert.Contains("shop-source", tree.Output);
        Assert.Contains("layout", tree.Output);
        Assert.Contains("\"Offset\":", tree.Output);
    }

    [Fact]
    public async Task Verify_exits_0_for_intact_1_for_damaged_naming_file_and_reason_and_2_for_usage()
    {
        var intact = await Ckpt.RunAsync("verify", shop.Savepoint, "--json");
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.True(intact.Json["intact"]!.GetValue<bool>());

        var copy = shop.CopyOfSavepoint();
        var file = Path.Combine(copy, "source-0-subtask-0");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^5]);
        var damaged = await Ckpt.RunAsync("verify", copy, "--json");
        Assert.True(damaged.ExitCode == 1, damaged.ToString());
        Assert.False(damaged.Json["intact"]!.GetValue<bool>());
        Assert.Equal("source-0-subtask-0", damaged.Json["file"]!.GetValue<string>());
        Assert.Contains("torn", damaged.Json["reason"]!.GetValue<string>());

        var text = await Ckpt.RunAsync("verify", copy);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("source-0-subtask-0", text.Output);

        var missing = await Ckpt.RunAsync("verify", Path.Combine(shop.Root, "no-such-folder"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", missing.Error);

        var notACheckpoint = await Ckpt.RunAsync("verify", shop.Root);
        Assert.Equal(2, notACheckpoint.ExitCode);
        Assert.Contains("ckpt list", notACheckpoint.Error);

        var badOption = await Ckpt.RunAsync("verify", shop.Savepoint, "--no-such-option");
        Assert.Equal(2, badOption.ExitCode);
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_one_line_without_a_stack_trace_unless_verbose()
    {
        var copy = shop.CopyOfSavepoint();
        var file = Path.Combine(copy, "source-0-subtask-1");
        var bytes = File.ReadAllBytes(file);
        bytes[20] ^= 0x55;
        File.WriteAllBytes(file, bytes);

        var quiet = await Ckpt.RunAsync("show", copy);
        Assert.Equal(1, quiet.ExitCode);
        var line = Assert.Single(quiet.Error.Trim().Split('\n'));
        Assert.Contains("source-0-subtask-1", line);
        Assert.Contains("checksum", line);

        var verbose = await Ckpt.RunAsync("show", copy, "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error);

        var unknownUid = await Ckpt.RunAsync("show", shop.Savepoint, "--operator", "nope");
        Assert.Equal(2, unknownUid.ExitCode);
        Assert.Contains("'nope'", unknownUid.Error);
    }

    [Fact]
    public async Task Rescale_previews_writes_a_savepoint_that_verifies_and_refuses_a_scalar_without_Merge()
    {
        var output = shop.NewFolder();
        var run = await Ckpt.RunAsync("rescale", shop.Savepoint, "--parallelism", "4", "--output", output, "--merged", "epoch", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = run.Json["savepoint"]!.GetValue<string>();
        Assert.StartsWith(output, written);
        var moves = run.Json["operators"]![0]!["moves"]!.AsArray();
        Assert.Equal(8, moves.Where(m => m!["state"]!.GetValue<string>() == "owned").Sum(m => m!["units"]!.GetValue<int>()));
        var reader = SavepointReader.Load(written);
        Assert.Equal(4, reader.Operator(ShopJob.SourceUid).Parallelism);
        Assert.Equal([2, 2, 2, 2], reader.Operator(ShopJob.SourceUid).State("owned").UnitCounts);

        var verified = await Ckpt.RunAsync("verify", written);
        Assert.True(verified.ExitCode == 0, verified.ToString());

        var preview = await Ckpt.RunAsync("rescale", shop.Savepoint, "-p", "3", "-o", shop.NewFolder(), "--merged", "epoch", "--dry-run");
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains("owned", preview.Output);
        Assert.Contains("nothing written", preview.Output);

        var refusedOutput = shop.NewFolder();
        var refused = await Ckpt.RunAsync("rescale", shop.Savepoint, "--parallelism", "1", "--output", refusedOutput);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("'emitted'", refused.Error);
        Assert.Empty(Directory.GetFileSystemEntries(refusedOutput));

        var usage = await Ckpt.RunAsync("rescale", shop.Savepoint, "--parallelism", "0", "--output", shop.NewFolder());
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task Diff_reports_operators_states_units_and_bytes_that_changed()
    {
        var rescaled = (await Ckpt.RunAsync("rescale", shop.Savepoint, "-p", "4", "-o", shop.NewFolder(), "--merged", "epoch", "--json")).Json["savepoint"]!.GetValue<string>();

        var run = await Ckpt.RunAsync("diff", shop.Savepoint, rescaled, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var changes = run.Json["changes"]!.AsArray();
        var parallelism = Assert.Single(changes, c => c!["kind"]!.GetValue<string>() == "parallelism")!;
        Assert.Equal(2, parallelism["before"]!.GetValue<int>());
        Assert.Equal(4, parallelism["after"]!.GetValue<int>());
        var owned = Assert.Single(changes, c => c!["state"]?.GetValue<string>() == "owned")!;
        Assert.Equal([4, 4], owned["before"]!["unitsPerSubtask"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([2, 2, 2, 2], owned["after"]!["unitsPerSubtask"]!.AsArray().Select(n => n!.GetValue<int>()));

        var same = await Ckpt.RunAsync("diff", shop.Savepoint, shop.Savepoint);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("No differences", same.Output);
    }

    [Fact]
    public async Task Remove_operator_and_rename_uid_write_new_savepoints()
    {
        var renamed = await Ckpt.RunAsync("rename-uid", shop.Savepoint, ShopJob.SourceUid, "orders", "--output", shop.NewFolder(), "--json");
        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        var renamedPath = renamed.Json["savepoint"]!.GetValue<string>();
        Assert.Equal(["orders"], SavepointReader.Load(renamedPath).Operators.Select(o => o.Uid));

        var removed = await Ckpt.RunAsync("remove-operator", renamedPath, "orders", "--output", shop.NewFolder(), "--json");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Empty(SavepointReader.Load(removed.Json["savepoint"]!.GetValue<string>()).Operators);

        var unknown = await Ckpt.RunAsync("remove-operator", shop.Savepoint, "nope", "--output", shop.NewFolder());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'shop-source'", unknown.Error);
    }
}
