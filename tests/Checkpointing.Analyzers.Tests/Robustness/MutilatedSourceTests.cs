using Checkpointing.Analyzers.Tests.Infrastructure;

namespace Checkpointing.Analyzers.Tests.Robustness;

/// <summary>
/// Keystroke-like damage to a realistic source: cut it off at many points and delete spans from it. Whatever the
/// compiler makes of the rest, the analyzer must not throw.
/// </summary>
public sealed class MutilatedSourceTests
{
    private static readonly string Original = Sources.InRun("""
        var gate = ctx.CheckpointLock;
        while (running)
        {
            lock (gate)
            {
                ctx.Collect(offset);
                offset++;
                items.Add(offset);
                (offset, count) = (offset + 1, count);
            }
            if (Monitor.TryEnter(gate, 5)) { try { point.Move(); map["k"] = 1; } finally { Monitor.Exit(gate); } }
            items.ForEach(i => box.Value += (int)i);
            Task.Run(() => { lock (gate) { queue.Enqueue(1); } });
            Array.Resize(ref array, 8);
            OffsetRef() = 3;
        }
        """, "private void Helper() { offset--; } [RequiresCheckpointLock] public void Contract() { Helper(); }");

    public static TheoryData<int, int> Cuts()
    {
        var data = new TheoryData<int, int>();
        var random = new Random(20261124);
        for (var i = 0; i < 40; i++)
        {
            var at = random.Next(0, Original.Length);
            data.Add(at, random.Next(0, 3) == 0 ? Original.Length - at : random.Next(1, 40));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task Damaged_source_never_makes_the_analyzer_throw(int at, int length)
    {
        length = Math.Min(length, Original.Length - at);
        var damaged = Original.Remove(at, length);
        var (_, failures) = await DirectRun.Analyze(damaged);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Undamaged_source_is_analysed_by_the_same_harness()
    {
        // Proves the harness really runs the rule: the ForEach lambda's write, Array.Resize and the ref-return write are outside the lock.
        var (diagnostics, failures) = await DirectRun.Analyze(Original);
        Assert.Empty(failures);
        Assert.Equal(3, diagnostics.Count(d => d.Id == "CKPT001"));
    }
}
