namespace Checkpointing.Generators.Tests.Execution.Functions;

/// <summary>State for the property-based round trip: nested generics, nulls, user records.</summary>
public sealed partial class RandomState
{
    [Checkpointed] public string? Name;
    [Checkpointed] public decimal Amount;
    [Checkpointed] public (long, string?)? Pair;
    [Checkpointed] public List<Dictionary<string, List<long?>>?> Maps = [];
    [Checkpointed] public List<Address?> Addresses = [];
}
