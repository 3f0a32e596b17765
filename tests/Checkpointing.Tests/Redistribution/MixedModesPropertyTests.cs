using CsCheck;
using Checkpointing.Snapshots;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Redistribution;

/// <summary>Random operators with several states of mixed modes, assigned as the runtime does (<see cref="StateAssignment"/>).</summary>
public class MixedModesPropertyTests
{
    private static readonly Mode[] Modes = [Mode.EvenSplit, Mode.Union, Mode.Broadcast];

    [Fact]
    public void Each_state_keeps_its_modes_guarantee_and_even_split_load_stays_balanced_overall()
    {
        // states: (mode index, units per old subtask); all states share one old parallelism.
        var gen = Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[1, 5]).SelectMany((p, m, count) =>
            Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5].Array[p]).Array[count].Select(states => (states, m)));
        gen.Sample((states, m) =>
        {
            var p = states[0].Item2.Length;
            var names = states.Select((_, k) => $"state-{k}").ToArray();
            var old = Enumerable.Range(0, p).Select(i => new Writer(c =>
            {
                for (var k = 0; k < states.Length; k++)
                    c.AddRange(new ListStateDescriptor<int>(names[k], Modes[states[k].Item1]), Enumerable.Range(0, states[k].Item2[i]));
            })).ToArray();
            var snapshot = CheckpointHarness.Snapshot(old);
            var shares = StateAssignment.Assign(snapshot, m);

            var evenLoads = new int[m];
            for (var k = 0; k < states.Length; k++)
            {
                var counts = states[k].Item2;
                for (var s = 0; s < m; s++)
                {
                    var got = shares[s][names[k]].Count;
                    switch (Modes[states[k].Item1])
                    {
                        case Mode.Union: Assert.Equal(counts.Sum(), got); break;
                        case Mode.Broadcast: Assert.Equal(counts[s % p], got); break;
                        default: evenLoads[s] += got; break;
                    }
                }
                if (Modes[states[k].Item1] == Mode.EvenSplit)
                    Assert.Equal(counts.Sum(), Enumerable.Range(0, m).Sum(s => shares[s][names[k]].Count));
            }
            if (p != m) Assert.True(evenLoads.Max() - evenLoads.Min() <= 1, $"even-split loads {string.Join(",", evenLoads)}");
        }, iter: 1000);
    }

    private sealed class Writer(Action<ISnapshotContext> write) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context) => write(context);

        public void RestoreState(IRestoreContext context) { }
    }
}
