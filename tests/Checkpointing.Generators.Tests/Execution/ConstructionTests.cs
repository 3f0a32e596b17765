using Checkpointing.Generators.Tests.Execution.Functions;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

/// <summary>How user types are created when read: constructors, required and init members, defaults.</summary>
public class ConstructionTests
{
    [Fact]
    public void Constructor_parameters_and_required_members_round_trip()
    {
        var source = new SettingsHolder { Settings = new Settings("s", 7, Color.Red) { Owner = "me", Ports = [80, 443] } };
        var restored = Through(source, () => new SettingsHolder()).Settings!;
        Assert.Equal(("s", 7, Color.Red, "me"), (restored.Name, restored.Retries, restored.Color, restored.Owner));
        Assert.Equal([80, 443], restored.Ports);
    }

    [Fact]
    public void Missing_constructor_members_get_the_parameters_defaults()
    {
        var restored = Rescale<SettingsHolder>([new SettingsHolderV0 { Settings = new SettingsV0("old") }], 1, () => new SettingsHolder())[0].Settings!;
        Assert.Equal("old", restored.Name);
        Assert.Equal(3, restored.Retries);
        Assert.Equal(Color.Green, restored.Color);
        Assert.Null(restored.Owner); // required but never stored: the type's default
    }
}
