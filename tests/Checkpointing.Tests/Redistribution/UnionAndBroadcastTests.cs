using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Redistribution;

public class UnionAndBroadcastTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> WithDuplicates = Lists.Of(["a", "b"], [], ["a"], ["c", "b"]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Union_gives_every_subtask_all_units_in_old_subtask_order_with_duplicates_kept(int parallelism)
    {
        var result = StateRedistribution.Redistribute(WithDuplicates, Mode.Union, parallelism);
        Assert.Equal(parallelism, result.Count);
        Assert.All(result, l => Assert.Equal(["a", "b", "a", "c", "b"], l));
    }

    [Fact]
    public void Union_of_empty_lists_is_empty_for_everyone()
    {
        var result = StateRedistribution.Redistribute(Lists.Of<string>([], []), Mode.Union, 3);
        Assert.Equal(3, result.Count);
        Assert.All(result, Assert.Empty);
    }

    [Fact]
    public void Broadcast_scale_up_gives_new_subtask_i_the_copy_of_old_subtask_i_mod_p()
    {
        // Copies are meant to be identical; distinct contents show which copy each subtask got.
        var previous = Lists.Of(["x0", "y0"], ["x1", "y1"], ["x2", "y2"]);
        var result = StateRedistribution.Redistribute(previous, Mode.Broadcast, 5);
        Lists.AssertEqual(Lists.Of(["x0", "y0"], ["x1", "y1"], ["x2", "y2"], ["x0", "y0"], ["x1", "y1"]), result);
    }

    [Fact]
    public void Broadcast_scale_down_keeps_the_first_copies()
    {
        var previous = Lists.Of(["x0"], ["x1"], ["x2"], ["x3"]);
        var result = StateRedistribution.Redistribute(previous, Mode.Broadcast, 2);
        Lists.AssertEqual(Lists.Of(["x0"], ["x1"]), result);
    }

    [Fact]
    public void Broadcast_at_unchanged_parallelism_is_identity()
    {
        var previous = Lists.Of(["x", "y"], ["x", "y"]);
        Lists.AssertEqual(previous, StateRedistribution.Redistribute(previous, Mode.Broadcast, 2));
    }

    [Fact]
    public void Broadcast_from_no_old_subtasks_gives_empty_lists()
    {
        var result = StateRedistribution.Redistribute(Lists.Of<string>(), Mode.Broadcast, 3);
        Assert.Equal(3, result.Count);
        Assert.All(result, Assert.Empty);
    }

    [Fact]
    public void Unknown_mode_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StateRedistribution.Redistribute(Lists.Of(["a"]), (Mode)7, 2));
    }
}
