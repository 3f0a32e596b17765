namespace Checkpointing.Generators.Model;

/// <summary>How a member's value gets into a new instance when reading.</summary>
internal enum MemberAssignment
{
    /// <summary>Through a constructor parameter (positional records).</summary>
    Constructor,
    /// <summary>In the object initializer (<c>init</c> accessors).</summary>
    Init,
    /// <summary>Assigned after construction (settable property or field), only when present.</summary>
    Set,
}

/// <summary>One member of a user type, written under its name.</summary>
/// <param name="IsRequired">A <c>required</c> member: always set in the initializer, and the type cannot be created without it.</param>
internal sealed record MemberModel(string Name, TypeShape Shape, MemberAssignment Assignment, string? ParameterDefault, bool IsRequired);

/// <summary>
/// A user record, class or struct that gets a generated formatter: written as a MessagePack array of its members,
/// whose names are stored once per state as the type's layout, so members can be added or removed between versions.
/// </summary>
/// <param name="Id">Name of the generated formatter class (unique within the generated file).</param>
/// <param name="TypeName">The type, fully qualified, with its own type parameters (<c>global::Ns.Pair&lt;T0, T1&gt;</c>).</param>
/// <param name="TypeParameters">The names used for the type's own type parameters inside its formatter.</param>
/// <param name="IsAccessibleFromNamespace">Code outside its containing types can name it (so a module initializer can register it).</param>
internal sealed record UserTypeModel(
    string Id,
    string TypeName,
    string DisplayName,
    EquatableArray<string> TypeParameters,
    bool IsValueType,
    EquatableArray<MemberModel> Members,
    bool IsAccessibleFromNamespace);
