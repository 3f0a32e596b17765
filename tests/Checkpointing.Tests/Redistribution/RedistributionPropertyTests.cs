using CsCheck;
using Checkpointing.Snapshots;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Redistribution;

public class RedistributionPropertyTests
{
    /// <summary>Old subtask lists (1..64 of them, 0..12 units each, values chosen to repeat) and a new parallelism 1..64.</summary>
    private static readonly Gen<(int[][] Previous, int Parallelism)> Cases =
        Gen.Select(Gen.Int[0, 20].Array[0, 12].Array[1, 64], Gen.Int[1, 64]);

    private static IReadOnlyList<IReadOnlyList<int>> AsLists(int[][] previous) => [.. previous.Select(l => (IReadOnlyList<int>)l)];

    [Fact]
    public void EvenSplit_keeps_every_unit_in_order_and_never_returns_null()
    {
        Cases.Sample((previous, m) =>
        {
            var result = StateRedistribution.Redistribute(AsLists(previous), Mode.EvenSplit, m);
            Assert.Equal(m, result.Count);
            Assert.All(result, Assert.NotNull);
            Assert.Equal(previous.SelectMany(l => l), result.SelectMany(l => l));
        }, iter: 2000);
    }

    [Fact]
    public void EvenSplit_at_unchanged_parallelism_is_identity()
    {
        Gen.Int[0, 20].Array[0, 12].Array[1, 64].Sample(previous =>
        {
            var result = StateRedistribution.Redistribute(AsLists(previous), Mode.EvenSplit, previous.Length);
            for (var i = 0; i < previous.Length; i++) Assert.Equal(previous[i], result[i]);
        }, iter: 1000);
    }

    [Fact]
    public void EvenSplit_with_changed_parallelism_balances_to_within_one_with_extras_first()
    {
        Cases.Where(c => c.Previous.Length != c.Parallelism).Sample((previous, m) =>
        {
            var n = previous.Sum(l => l.Length);
            var counts = StateRedistribution.Redistribute(AsLists(previous), Mode.EvenSplit, m).Select(l => l.Count).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"counts {string.Join(",", counts)}");
            for (var s = 0; s < m; s++) Assert.Equal(n / m + (s < n % m ? 1 : 0), counts[s]);
        }, iter: 2000);
    }

    [Fact]
    public void Union_gives_everyone_the_concatenation()
    {
        Cases.Sample((previous, m) =>
        {
            var all = previous.SelectMany(l => l).ToArray();
            var result = StateRedistribution.Redistribute(AsLists(previous), Mode.Union, m);
            Assert.Equal(m, result.Count);
            Assert.All(result, l => Assert.Equal(all, l));
        }, iter: 1000);
    }

    [Fact]
    public void Broadcast_gives_subtask_i_the_copy_of_old_subtask_i_mod_p()
    {
        Cases.Sample((previous, m) =>
        {
            var result = StateRedistribution.Redistribute(AsLists(previous), Mode.Broadcast, m);
            Assert.Equal(m, result.Count);
            for (var s = 0; s < m; s++) Assert.Equal(previous[s % previous.Length], result[s]);
        }, iter: 1000);
    }

    [Fact]
    public void Several_even_split_states_sharing_a_rotation_differ_in_total_load_by_at_most_one()
    {
        var gen = Gen.Select(Gen.Int[1, 64], Gen.Int[1, 64], Gen.Int[1, 6]).SelectMany((p, m, states) =>
            Gen.Int[0, 9].Array[p].Array[states].Select(counts => (counts, m)));
        gen.Where(c => c.counts[0].Length != c.m).Sample((statesCounts, m) =>
        {
            var loads = new int[m];
            var rotation = 0;
            foreach (var counts in statesCounts)
            {
                var plan = RedistributionPlan.Plan(counts, Mode.EvenSplit, m, ref rotation);
                for (var s = 0; s < m; s++) loads[s] += RedistributionPlan.Count(plan[s]);
            }
            Assert.Equal(statesCounts.Sum(c => c.Sum()), loads.Sum());
            Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(",", loads)}");
        }, iter: 2000);
    }
}
