using CsCheck;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Harness;

/// <summary>The harness restores exactly what the public <see cref="StateRedistribution.Redistribute"/> computes for one state.</summary>
public class HarnessAgreesWithRedistributeTests
{
    [Theory]
    [InlineData(Mode.EvenSplit)]
    [InlineData(Mode.Union)]
    [InlineData(Mode.Broadcast)]
    public void A_single_state_restored_by_the_harness_matches_redistribute(Mode mode)
    {
        var state = new ListStateDescriptor<int>("s", mode);
        Gen.Select(Gen.Int[-5, 5].Array[0, 7].Array[1, 8], Gen.Int[1, 8]).Sample((previous, m) =>
        {
            var snapshot = CheckpointHarness.Snapshot([.. previous.Select(units => new Probe(c => c.AddRange(state, units)))]);
            var restored = CheckpointHarness.Restore(snapshot, m, () => new Holder(state));
            var expected = StateRedistribution.Redistribute([.. previous.Select(l => (IReadOnlyList<int>)l)], mode, m);
            for (var s = 0; s < m; s++) Assert.Equal(expected[s], restored[s].Units);
        }, iter: 500);
    }

    private sealed class Holder(ListStateDescriptor<int> state) : ICheckpointedFunction
    {
        public IReadOnlyList<int> Units { get; private set; } = [];

        public void SnapshotState(ISnapshotContext context) { }

        public void RestoreState(IRestoreContext context) => Units = context.Get(state);
    }
}
