using System.Collections.Generic;
using System.Linq;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>A field marked <c>[Checkpointed]</c> (or the backing field of a <c>[field: Checkpointed]</c> auto-property) and its attribute's settings.</summary>
internal sealed class CheckpointedMember
{
    public CheckpointedMember(IFieldSymbol field, AttributeData attribute)
    {
        Field = field;
        Attribute = attribute;
        Property = field.AssociatedSymbol as IPropertySymbol;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Name": StateNameArgument = argument.Value.Value as string; break;
                case "Merge": Merge = argument.Value.Value as string; break;
                case "Redistribution": Mode = argument.Value.Value is int mode ? (Redistribution)mode : Redistribution.EvenSplit; break;
            }
        }
    }

    public IFieldSymbol Field { get; }

    public IPropertySymbol? Property { get; }

    public AttributeData Attribute { get; }

    /// <summary>The name code uses: the field, or the auto-property for a backing field.</summary>
    public string CodeName => Property?.Name ?? Field.Name;

    public ITypeSymbol Type => Field.Type;

    public string? StateNameArgument { get; }

    public string StateName => string.IsNullOrEmpty(StateNameArgument) ? CodeName : StateNameArgument!;

    public string? Merge { get; }

    public Redistribution Mode { get; }

    public Location Location => (Property?.Locations ?? Field.Locations).FirstOrDefault() ?? Location.None;
}

/// <summary>Finds checkpointed members. Shared by the generator and the usage analyzer, so both see the same fields.</summary>
internal static class CheckpointedMembers
{
    public const string AttributeMetadataName = "Checkpointing.CheckpointedAttribute";

    /// <summary>Name of the protected method every generated class has; found on bases from referenced assemblies.</summary>
    public const string WriteStateMethod = "__Checkpointing_WriteState";

    /// <summary>The type's own checkpointed members, in declaration order.</summary>
    public static List<CheckpointedMember> Of(INamedTypeSymbol type, WellKnownTypes known)
    {
        var result = new List<CheckpointedMember>();
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol field) continue;
            var attribute = field.GetAttributes().FirstOrDefault(known.IsCheckpointedAttribute);
            if (attribute is not null) result.Add(new CheckpointedMember(field, attribute));
        }
        return result;
    }

    /// <summary>Whether some base class has checkpointed state the generated code of <paramref name="type"/> must chain to.</summary>
    public static bool HasCheckpointedBase(INamedTypeSymbol type, WellKnownTypes known)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.GetMembers(WriteStateMethod).Length > 0) return true;
            if (Of(b, known).Count > 0) return true;
        }
        return false;
    }
}
