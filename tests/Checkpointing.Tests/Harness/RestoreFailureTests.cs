using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Harness;

public class RestoreFailureTests
{
    private static OperatorSnapshot Written<T>(string name, Mode mode, params T[] units) =>
        CheckpointHarness.Snapshot([new Probe(c => c.AddRange(new ListStateDescriptor<T>(name, mode), units))]);

    private static CheckpointRestoreException RestoreFails(OperatorSnapshot snapshot, Action<IRestoreContext> restore, int parallelism = 1) =>
        Assert.Throws<CheckpointRestoreException>(() => CheckpointHarness.Restore(snapshot, parallelism, () => new Probe(restore: restore)));

    [Fact]
    public void Reading_an_even_split_state_as_union_fails_naming_both_modes()
    {
        var snapshot = Written("offsets", Mode.EvenSplit, 1L, 2L);
        var error = RestoreFails(snapshot, c => c.Get(new ListStateDescriptor<long>("offsets", Mode.Union)));
        Assert.Contains("incompatible state assignment modes", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Was EvenSplit, registered with Union", error.Message);
        Assert.Contains("'offsets'", error.Message);
    }

    [Fact]
    public void Reading_a_union_state_as_broadcast_fails_naming_both_modes()
    {
        var snapshot = Written("seen", Mode.Union, "a");
        var error = RestoreFails(snapshot, c => c.TryGet(new ListStateDescriptor<string>("seen", Mode.Broadcast), out _));
        Assert.Contains("Was Union, registered with Broadcast", error.Message);
    }

    [Fact]
    public void A_mode_mismatch_fails_even_for_a_subtask_that_receives_no_units()
    {
        var snapshot = Written("offsets", Mode.EvenSplit, 1L);
        var error = RestoreFails(snapshot, c => c.Get(new ListStateDescriptor<long>("offsets", Mode.Union)), parallelism: 3);
        Assert.Contains("Was EvenSplit, registered with Union", error.Message);
    }

    [Fact]
    public void A_unit_that_cannot_be_read_as_the_declared_type_fails_naming_the_state_and_both_types()
    {
        var snapshot = Written("names", Mode.EvenSplit, "alpha", "beta");
        var error = RestoreFails(snapshot, c => c.Get(new ListStateDescriptor<long>("names")));
        Assert.Contains("'names'", error.Message);
        Assert.Contains("written as string", error.Message);
        Assert.Contains("cannot be read as long", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void A_long_too_large_for_int_fails_naming_both_types()
    {
        var snapshot = Written("counts", Mode.Union, 1L, 5_000_000_000L);
        var error = RestoreFails(snapshot, c => c.Get(new ListStateDescriptor<int>("counts", Mode.Union)));
        Assert.Contains("'counts'", error.Message);
        Assert.Contains("written as long", error.Message);
        Assert.Contains("cannot be read as int", error.Message);
        Assert.Contains("subtask 0", error.Message);
    }

    [Fact]
    public void State_nobody_restores_fails_the_restore_naming_it()
    {
        var snapshot = CheckpointHarness.Snapshot([new Probe(c =>
        {
            c.Add(new ListStateDescriptor<long>("kept"), 1L);
            c.Add(new ListStateDescriptor<string>("removed-field", Mode.Union), "x");
        })]);
        var error = RestoreFails(snapshot, c => c.Get(new ListStateDescriptor<long>("kept")));
        Assert.Contains("'removed-field' (Union of string)", error.Message);
        Assert.Contains("unknown operator state", error.Message);
        Assert.Contains("AllowNonRestoredState", error.Message);
        Assert.DoesNotContain("'kept'", error.Message);
    }

    [Fact]
    public void A_function_with_no_state_at_all_cannot_silently_drop_a_list_checkpointed_state()
    {
        var old = new LongList();
        old.Values.Add(42);
        var error = RestoreFails(CheckpointHarness.Snapshot([old]), _ => { });
        Assert.Contains("'$list'", error.Message);
    }

    [Fact]
    public void Allowing_non_restored_state_drops_it_and_restores_the_rest()
    {
        var snapshot = CheckpointHarness.Snapshot([new Probe(c =>
        {
            c.Add(new ListStateDescriptor<long>("kept"), 7L);
            c.Add(new ListStateDescriptor<string>("removed-field"), "x");
        })]);
        IReadOnlyList<long> kept = [];
        CheckpointHarness.Restore(snapshot, 1, () => new Probe(restore: c => kept = c.Get(new ListStateDescriptor<long>("kept"))), allowNonRestoredState: true);
        Assert.Equal([7L], kept);
    }

    [Fact]
    public void Writing_one_state_name_with_two_modes_in_one_snapshot_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CheckpointHarness.Snapshot([new Probe(c =>
        {
            c.Add(new ListStateDescriptor<long>("s"), 1L);
            c.Add(new ListStateDescriptor<long>("s", Mode.Union), 2L);
        })]));
        Assert.Contains("'s'", error.Message);
    }

    [Fact]
    public void Subtasks_that_disagree_on_a_states_mode_cannot_form_a_snapshot()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointHarness.Snapshot([
            new Probe(c => c.Add(new ListStateDescriptor<long>("s"), 1L)),
            new Probe(c => c.Add(new ListStateDescriptor<long>("s", Mode.Broadcast), 1L)),
        ]));
        Assert.Contains("state 's'", error.Message);
        Assert.Contains("subtask 1", error.Message);
    }
}
