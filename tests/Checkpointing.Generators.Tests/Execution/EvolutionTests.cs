using Checkpointing.Generators.Tests.Execution.Functions;
using Checkpointing.Serialization;
using MessagePack;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

public class EvolutionTests
{
    private static EvolvingV1 Old() => new()
    {
        Customers = [new CustomerV1("Ada", 36) { Orders = ["o1"] }, new CustomerV1("Bob", 40)],
        Current = new CustomerV1("Cy", 20) { Orders = ["o2", "o3"] },
        Count = 5,
    };

    [Fact]
    public void Newer_version_skips_removed_members_and_keeps_defaults_of_added_ones()
    {
        var restored = Rescale<EvolvingV2>([Old()], 1, () => new EvolvingV2())[0];

        Assert.Equal(["Ada", "Bob"], restored.Customers.Select(c => c.Name));
        Assert.Equal(["o1"], restored.Customers[0].Orders);
        Assert.All(restored.Customers, c => Assert.Equal("unknown@example.com", c.Email));
        Assert.Equal("Cy", restored.Current!.Name);
        Assert.Equal(["o2", "o3"], restored.Current.Orders);
        Assert.Equal(5, restored.Count);
        Assert.Equal("initializer", restored.Added);   // scalar added since: no value stored
        Assert.Equal([42], restored.AddedList);          // collection added since: state absent, initializer kept
    }

    [Fact]
    public void Older_version_reads_newer_state_and_skips_unknown_members()
    {
        var newer = new EvolvingV2
        {
            Customers = [new CustomerV2("Dee") { Email = "d@example.com", Orders = ["x"] }],
            Current = new CustomerV2("Eve"),
            Count = 9,
            Added = "new",
            AddedList = [1, 2],
        };
        // The newer version's extra states have no owner in the old version: allowed explicitly, as on a real downgrade.
        var restored = Rescale<EvolvingV1>([newer], 1, () => new EvolvingV1(), allowNonRestoredState: true)[0];

        Assert.Equal("Dee", restored.Customers.Single().Name);
        Assert.Equal(0, restored.Customers[0].Age); // missing from the stored value: the type's default
        Assert.Equal(["x"], restored.Customers[0].Orders);
        Assert.Equal("Eve", restored.Current!.Name);
        Assert.Equal(9, restored.Count);
    }

    [Fact]
    public void Incompatible_scalar_change_names_state_member_and_both_types()
    {
        var error = Assert.Throws<CheckpointRestoreException>(() => Rescale<EvolvingIncompatible>([Old()], 1, () => new EvolvingIncompatible()));
        Assert.Contains("$scalars", error.Message);
        Assert.Contains("'count'", error.Message);
        Assert.Contains("long", error.Message);
        Assert.Contains("string", error.Message);
    }

    [Fact]
    public void Incompatible_member_change_names_state_member_and_both_types()
    {
        var error = Assert.Throws<CheckpointRestoreException>(() => Rescale<EvolvingMemberIncompatible>([Old()], 1, () => new EvolvingMemberIncompatible()));
        Assert.Contains("'customers'", error.Message);
        Assert.Contains("CustomerAgeAsText.Age", error.Message);
        Assert.Contains("declared as string", error.Message);
        Assert.Contains("Integer", error.Message);
    }

    [Fact]
    public void Generated_bytes_are_read_by_messagepacks_standard_resolver_into_an_equivalent_contract()
    {
        var customer = new CustomerV1("Ada", 36) { Orders = ["o1", "o2"] };
        // CustomerV1 is reachable from a [Checkpointed] field of a public class, so its generated formatter is registered.
        Assert.True(CheckpointFormatters.IsRegistered<CustomerV1>());
        var bytes = MessagePackSerializer.Serialize(customer, CheckpointFormatters.Options);

        var contract = MessagePackSerializer.Deserialize<CustomerContract>(bytes, MessagePackSerializerOptions.Standard);

        Assert.Equal("Ada", contract.Name);
        Assert.Equal(36, contract.Age);
        Assert.Equal(["o1", "o2"], contract.Orders);
        Assert.Equal(MessagePackSerializer.ConvertToJson(bytes), MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(contract, MessagePackSerializerOptions.Standard)));
    }
}
