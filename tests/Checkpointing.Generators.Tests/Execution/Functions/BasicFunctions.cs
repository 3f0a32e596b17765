using Checkpointing;

namespace Checkpointing.Generators.Tests.Execution.Functions;

public sealed partial class CounterSource
{
    [Checkpointed] public long Offset;
    [Checkpointed] public string? Label = "initial";
    [Checkpointed] public List<int> Items = [];
}
