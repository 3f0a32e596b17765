using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// <c>[Checkpointed]</c> is recognised as the runtime's attribute symbol on both paths (fields, and the backing fields
/// of <c>[field: …]</c> auto-properties), never by how its name is spelled.
/// </summary>
public class AttributeMatchingTests
{
    [Fact]
    public void An_alias_of_the_attribute_is_found_on_a_field_and_on_an_auto_property()
    {
        var (_, result) = GeneratorRun.Run("""
            using Snap = Checkpointing.CheckpointedAttribute;
            namespace Demo;
            public sealed partial class OnField { [Snap] private long offset; public long Offset => offset; }
            public sealed partial class OnProperty { [field: Snap] public int Retries { get; set; } }
            """);

        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(["Demo.OnField.g.cs", "Demo.OnProperty.g.cs"], generated.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("offset", generated["Demo.OnField.g.cs"]);
        Assert.Contains("Retries", generated["Demo.OnProperty.g.cs"]);
    }

    [Fact]
    public void An_attribute_that_is_only_named_like_it_is_not_state()
    {
        // Named CheckpointedAttribute and declared inside namespace Checkpointing, but nested in a class: not the
        // runtime's attribute, so neither path generates anything for it.
        var (_, result) = GeneratorRun.Run("""
            namespace Checkpointing
            {
                public static class Lookalike { [System.AttributeUsage(System.AttributeTargets.Field)] public sealed class CheckpointedAttribute : System.Attribute { } }
            }
            namespace Demo
            {
                using Checkpointing;
                public sealed partial class OnField { [Lookalike.Checkpointed] private long offset; public long Next() => ++offset; }
                public sealed partial class OnProperty { [field: Lookalike.Checkpointed] public int Retries { get; set; } }
            }
            """);

        Assert.Empty(result.Results.Single().GeneratedSources);
    }
}
