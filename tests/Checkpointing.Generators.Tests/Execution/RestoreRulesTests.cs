using Checkpointing.Generators.Tests.Execution.Functions;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

public class RestoreRulesTests
{
    private static ModesSource Subtask(int i) => new()
    {
        Offset = i * 10, Total = i + 1, Watermark = i * 100, Config = "config", Pending = [i, i + 10],
        Everywhere = [$"u{i}"], AutoProperty = i + 5,
    };

    [Fact]
    public void Same_parallelism_restores_each_subtask_its_own_state()
    {
        var restored = Rescale<ModesSource>([Subtask(0), Subtask(1)], 2, () => new ModesSource());
        Assert.Equal(10, restored[1].Offset);
        Assert.Equal([1, 11], restored[1].Pending);
        Assert.Equal(6, restored[1].AutoProperty);
        // Union: every subtask gets every unit, folded by Merge.
        Assert.Equal(100, restored[0].Watermark);
        Assert.Equal(["u0", "u1"], restored[0].Everywhere);
    }

    [Fact]
    public void Scaling_in_folds_scalars_with_merge_and_concatenates_collections()
    {
        var old = Enumerable.Range(0, 4).Select(i => (object)Subtask(i)).ToList();
        old.ForEach(o => ((ModesSource)o).Offset = 0); // a scalar without Merge must not see several units
        var error = Assert.Throws<CheckpointRestoreException>(() => Rescale<ModesSource>(old, 2, () => new ModesSource()));
        Assert.Contains("ModesSource.Offset", error.Message);
        Assert.Contains("subtask 0", error.Message);
        Assert.Contains("2 units", error.Message);
    }

    [Fact]
    public void Merge_receives_units_in_old_subtask_order()
    {
        var restored = Rescale<ModesSource>([Subtask(0), Subtask(1), Subtask(2)], 3, () => new ModesSource());
        Assert.Equal(300 - 100, restored[2].Watermark); // Max over every subtask's unit (Union)
        Assert.Equal(3, restored[2].Total);
    }

    [Fact]
    public void Scaling_out_leaves_scalars_without_units_at_their_initializer()
    {
        var restored = Rescale<ModesSource>([Subtask(3)], 2, () => new ModesSource { Offset = -1, Config = "init" });
        Assert.Equal(30, restored[0].Offset);
        Assert.Equal(-1, restored[1].Offset); // EvenSplit: one unit, given to subtask 0
        Assert.Equal("config", restored[1].Config); // Broadcast: every subtask gets a copy
        // EvenSplit: the two units go one to each subtask (which gets which is the planner's choice).
        Assert.Equal([3, 13], restored.SelectMany(r => r.Pending).Order());
        Assert.All(restored, r => Assert.Single(r.Pending));
    }

    [Fact]
    public void Hooks_run_first_on_snapshot_and_last_on_restore()
    {
        var source = Subtask(1);
        var snapshot = CheckpointHarness.Snapshot([source], checkpointId: 42);
        Assert.Equal(42, source.Snapshotted!.Value.CheckpointId);
        Assert.Equal(["snapshot offset=10"], source.Calls);

        var restored = CheckpointHarness.Restore(snapshot, 1, () => new ModesSource());
        Assert.Equal(["restored offset=10 pending=2"], restored[0].Calls);
        Assert.Equal(new RestoreInfo(0, 1, 1, 42), restored[0].Restored);
    }

    [Fact]
    public void Stored_names_and_modes_follow_the_attribute()
    {
        var snapshot = CheckpointHarness.Snapshot([Subtask(0)]);
        Assert.Equal(["$scalars", "$scalars.broadcast", "$scalars.union", "Everywhere", "pending-items"], snapshot.StateNames.Order());
        Assert.Equal(Redistribution.Union, snapshot.ModeOf("Everywhere"));
        Assert.Equal(Redistribution.Broadcast, snapshot.ModeOf("$scalars.broadcast"));
    }

    [Fact]
    public void Base_and_derived_state_both_survive_and_share_one_scalar_unit()
    {
        var source = new DerivedFunction { BaseScalar = 7, BaseItems = [1, 2], DerivedScalar = "d", DerivedItems = ["x"] };
        var snapshot = CheckpointHarness.Snapshot([source]);
        Assert.Equal(["$scalars", "BaseItems", "DerivedItems"], snapshot.StateNames.Order());
        Assert.Equal(["base snapshot", "derived snapshot"], source.Hooks);

        var restored = CheckpointHarness.Restore(snapshot, 1, () => new DerivedFunction())[0];
        Assert.Equal(7, restored.BaseScalar);
        Assert.Equal([1, 2], restored.BaseItems);
        Assert.Equal("d", restored.DerivedScalar);
        Assert.Equal(["x"], restored.DerivedItems);
        Assert.Equal(["base restored", "derived restored"], restored.Hooks);
    }

    [Fact]
    public void Nested_generic_record_sink_global_and_file_scoped_classes_work()
    {
        var inner = new Outer.Middle<string>.Inner<Person>
        {
            Map = new() { ["a"] = new Person("A", 1, null) }, Last = new Person("L", 2, null), Boxes = [new Box<Person>(new Person("B", 3, null), [])],
        };
        var restoredInner = Through(inner, () => new Outer.Middle<string>.Inner<Person>());
        AssertSameGraph(inner, restoredInner);

        Assert.Equal(3, Through(new RecordFunction("r") { Count = 3 }, () => new RecordFunction("other")).Count);
        Assert.Equal([1, 2], Through(new CollectingSink { Seen = [1, 2] }, () => new CollectingSink()).Seen);
        Assert.Equal(9, Through(new GlobalFunction { Value = 9 }, () => new GlobalFunction()).Value);
        var fileScoped = Through(new Functions.FileScoped.FileScopedFunction { Value = 4, Work = new(["w"]) }, () => new Functions.FileScoped.FileScopedFunction());
        Assert.Equal(4, fileScoped.Value);
        Assert.Equal(["w"], fileScoped.Work);
    }
}

public class PrivateTypesTests
{
    [Fact]
    public void Private_nested_state_types_round_trip()
    {
        var source = new PrivateTypesFunction();
        source.Add("a");
        source.Add("b");
        var restored = StateRoundTrip.Through(source, () => new PrivateTypesFunction());
        Assert.Equal("a0,b1|b", restored.Describe());
    }
}

public class BroadcastTests
{
    [Fact]
    public void Broadcast_collection_and_scalar_give_every_new_subtask_one_old_copy()
    {
        var old = Enumerable.Range(0, 2).Select(_ => (object)new RulesFunction { Rules = ["r1", "r2"], Version = 4 }).ToList();
        var restored = StateRoundTrip.Rescale<RulesFunction>(old, 3, () => new RulesFunction());
        Assert.All(restored, r =>
        {
            Assert.Equal(["r1", "r2"], r.Rules);
            Assert.Equal(4, r.Version);
        });
    }
}
