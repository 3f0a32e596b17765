using Checkpointing.Generators.Tests.Execution.Functions;

namespace Checkpointing.Generators.Tests.Execution;

public class SmokeTests
{
    [Fact]
    public void Generated_class_implements_the_interface()
    {
        ICheckpointedFunction function = new CounterSource { Offset = 5 };
        var snapshot = CheckpointHarness.Snapshot([function]);
        var restored = CheckpointHarness.Restore(snapshot, 1, () => new CounterSource());
        Assert.Equal(5, restored[0].Offset);
    }
}
