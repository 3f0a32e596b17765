using Checkpointing.Generators.Tests.Execution.Functions;
using CsCheck;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

/// <summary>Random values of nested generic state survive snapshot, bytes and restore unchanged.</summary>
public class PropertyRoundTripTests
{
    private static Gen<T?> OrNull<T>(Gen<T> gen) where T : class => Gen.Select(Gen.Int[0, 4], gen, (n, v) => n == 0 ? null : v);

    private static readonly Gen<RandomState> States =
        Gen.Select(
            OrNull(Gen.String),
            Gen.Decimal,
            Gen.Select(Gen.Bool, Gen.Long, OrNull(Gen.String), (has, l, s) => has ? (l, s) : ((long, string?)?)null),
            OrNull(Gen.Dictionary(Gen.String[0, 8], Gen.Select(Gen.Bool, Gen.Long, (has, l) => has ? l : (long?)null).List[0, 5])[0, 4]).List[0, 4],
            OrNull(Gen.Select(Gen.String[0, 10], Gen.Int, (s, n) => new Address(s, n))).List[0, 6],
            (name, amount, pair, maps, addresses) => new RandomState { Name = name, Amount = amount, Pair = pair, Maps = maps, Addresses = addresses });

    [Fact]
    public void Random_state_round_trips() =>
        States.Sample(state =>
        {
            var restored = Through(state, () => new RandomState { Name = "init" });
            AssertSameGraph(state, restored);
            Assert.Equal(state.Pair, restored.Pair);
        }, iter: 300);
}
