using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Redistribution;

public class EvenSplitTests
{
    private static IReadOnlyList<IReadOnlyList<string>> Split(IReadOnlyList<IReadOnlyList<string>> previous, int parallelism) =>
        StateRedistribution.Redistribute(previous, Mode.EvenSplit, parallelism);

    [Fact]
    public void Unchanged_parallelism_gives_each_subtask_back_its_own_list_even_when_unbalanced()
    {
        var previous = Lists.Of(["a", "b", "c", "d", "e"], [], ["f"]);
        Lists.AssertEqual(previous, Split(previous, 3));
    }

    [Fact]
    public void Flink_javadoc_example_at_five_gives_one_unit_each()
    {
        var previous = Lists.Of(["S1", "S2"], ["S3", "S4"], ["S5"]);
        Lists.AssertEqual(Lists.Of(["S1"], ["S2"], ["S3"], ["S4"], ["S5"]), Split(previous, 5));
    }

    [Fact]
    public void Flink_javadoc_example_at_two_cuts_contiguous_chunks_with_the_extra_unit_first()
    {
        var previous = Lists.Of(["S1", "S2"], ["S3", "S4"], ["S5"]);
        Lists.AssertEqual(Lists.Of(["S1", "S2", "S3"], ["S4", "S5"]), Split(previous, 2));
    }

    [Fact]
    public void Scale_up_splits_one_list_into_contiguous_chunks()
    {
        var previous = Lists.Of(["1", "2", "3", "4", "5", "6", "7"]);
        Lists.AssertEqual(Lists.Of(["1", "2", "3"], ["4", "5"], ["6", "7"]), Split(previous, 3));
    }

    [Fact]
    public void Scale_down_concatenates_in_old_subtask_order()
    {
        var previous = Lists.Of(["1", "2"], ["3"], ["4", "5", "6"], ["7"]);
        Lists.AssertEqual(Lists.Of(["1", "2", "3", "4"], ["5", "6", "7"]), Split(previous, 2));
    }

    [Fact]
    public void Scale_down_to_one_gives_everything_to_the_single_subtask()
    {
        var previous = Lists.Of(["1"], [], ["2", "3"]);
        Lists.AssertEqual(Lists.Of(["1", "2", "3"]), Split(previous, 1));
    }

    [Theory]
    [InlineData(10, 4, new[] { 3, 3, 2, 2 })]
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    [InlineData(9, 3, new[] { 3, 3, 3 })]
    [InlineData(5, 7, new[] { 1, 1, 1, 1, 1, 0, 0 })]
    [InlineData(11, 6, new[] { 2, 2, 2, 2, 2, 1 })]
    public void First_n_mod_m_subtasks_get_the_extra_unit(int units, int parallelism, int[] expectedCounts)
    {
        var previous = Lists.Of(Enumerable.Range(0, units).Select(u => u.ToString()).ToArray(), []);
        var result = Split(previous, parallelism);
        Assert.Equal(expectedCounts, result.Select(l => l.Count));
        Assert.Equal(previous[0], result.SelectMany(l => l));
    }

    [Fact]
    public void Empty_old_subtasks_contribute_nothing()
    {
        var previous = Lists.Of([], ["1"], [], ["2", "3"], []);
        Lists.AssertEqual(Lists.Of(["1", "2"], ["3"]), Split(previous, 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_empty_state_gives_every_subtask_an_empty_list_never_null(int parallelism)
    {
        var result = Split(Lists.Of<string>([], [], []), parallelism);
        Assert.Equal(parallelism, result.Count);
        Assert.All(result, l => Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(l)));
    }

    [Fact]
    public void No_old_subtasks_at_all_gives_empty_lists()
    {
        var result = Split([], 3);
        Assert.Equal(3, result.Count);
        Assert.All(result, Assert.Empty);
    }

    [Fact]
    public void A_null_old_list_counts_as_empty()
    {
        IReadOnlyList<IReadOnlyList<string>> previous = [["1", "2"], null!, ["3"]];
        Lists.AssertEqual(Lists.Of(["1", "2"], ["3"]), Split(previous, 2));
    }

    [Fact]
    public void Parallelism_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Split(Lists.Of(["1"]), 0));
    }
}
