namespace Checkpointing.Generators.Model;

/// <summary>One type declaration around (or being) the generated class: what to repeat in <c>partial</c> form.</summary>
/// <param name="Keyword">"class", "record", "record class", "struct", …</param>
/// <param name="Name">The name with its type parameter list (<c>Box&lt;T&gt;</c>).</param>
internal sealed record TypeDeclaration(string Keyword, string Name);

/// <summary>A checkpointed field as the emitter needs it.</summary>
/// <param name="FieldName">The C# name used to read and write it (the property name for <c>[field: Checkpointed]</c>).</param>
/// <param name="StateName">The stored name: a collection's state, a scalar's key in its scalar unit.</param>
/// <param name="Mode">How its units are handed to subtasks on restore (the runtime's enum, linked into the generator).</param>
/// <param name="Merge">The fold method for several units of a scalar, if any.</param>
internal sealed record FieldModel(string FieldName, string StateName, Redistribution Mode, TypeShape Shape, string? Merge);

/// <summary>A base class that implements <c>ICheckpointedFunction</c> by hand (e.g. <c>TwoPhaseCommitSinkFunction</c>).</summary>
internal enum HandWrittenBase
{
    /// <summary>None: the generated class implements the interface itself.</summary>
    None,
    /// <summary>Virtual methods: the generated ones override them and call the base first, so its state is kept.</summary>
    Virtual,
    /// <summary>Abstract methods: the generated ones override them.</summary>
    Abstract,
}

/// <summary>Everything the emitter needs for one checkpointed class. Holds no symbols, syntax or locations.</summary>
/// <param name="HintName">The generated file's name, <c>Ns.Outer+Type.g.cs</c> (see <c>GeneratedNames</c>).</param>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="Containing">The containing types, outermost first, then the class itself.</param>
/// <param name="FullName">For messages: <c>Ns.Outer.Type</c>.</param>
/// <param name="HasCheckpointedBase">A base class has generated state members that this class extends.</param>
/// <param name="RegistrationHost">
/// When the class is not generic and can be named from outside: the name of the module-initializer class that registers
/// its user types' formatters with <c>CheckpointFormatters</c> (so generic functions and hand-written state find them).
/// Its prefix differs from <see cref="RegistrationModel.HostName"/>'s: a two-phase-commit sink with checkpointed fields has both.
/// </param>
internal sealed record ClassModel(
    string HintName,
    string? Namespace,
    EquatableArray<TypeDeclaration> Containing,
    string FullName,
    bool IsSealed,
    bool HasCheckpointedBase,
    HandWrittenBase HandWrittenBase,
    EquatableArray<FieldModel> Fields,
    EquatableArray<UserTypeModel> UserTypes,
    string? RegistrationHost);

/// <summary>Types the user's hand-written state uses (<c>IListCheckpointed&lt;T&gt;</c>, a two-phase-commit transaction) that get a registered formatter.</summary>
internal sealed record RegistrationModel(
    string HintName,
    string HostName,
    EquatableArray<TypeShape> Roots,
    EquatableArray<UserTypeModel> UserTypes);
