namespace Checkpointing.Generators.Tests.Execution.Functions;

public sealed partial class SettingsHolder
{
    [Checkpointed(Name = "settings")] public Settings? Settings;
}

public sealed partial class SettingsHolderV0
{
    [Checkpointed(Name = "settings")] public SettingsV0? Settings;
}
