using System;

namespace Checkpointing.Generators.Model;

/// <summary>How a type is written; decides which formatter the emitter composes for it.</summary>
internal enum ShapeKind
{
    /// <summary>MessagePack's built-in formatter: primitives, string, decimal, Guid, TimeSpan, DateTimeOffset, byte[].</summary>
    Builtin,
    /// <summary>A formatter class of the runtime with a static <c>Instance</c> (<see cref="TypeShape.Extra"/> names it).</summary>
    RuntimeInstance,
    Enum,
    Nullable,
    Array,
    ImmutableArray,
    /// <summary>A sequence collection; <see cref="TypeShape.Extra"/> names its builder in <c>CollectionBuilders</c>.</summary>
    Sequence,
    /// <summary>A dictionary; <see cref="TypeShape.Extra"/> names its builder in <c>CollectionBuilders</c>.</summary>
    Map,
    KeyValuePair,
    ValueTuple,
    Tuple,
    /// <summary>A user record, class or struct with a generated formatter (<see cref="TypeShape.Extra"/> is its id).</summary>
    UserType,
    /// <summary>A type parameter of the user type whose formatter is being written (<see cref="TypeShape.Extra"/> is its index).</summary>
    OwnTypeParameter,
    /// <summary>Resolved at run time by the options' resolver: a type parameter of the checkpointed class, or a <c>[MessagePackObject]</c> type.</summary>
    Resolver,
}

/// <summary>
/// A type as the emitter needs it: the C# name (fully qualified, without nullable annotations, so the composed
/// formatter types always agree), a short name for messages, and the shapes of its parts. Value-equatable.
/// </summary>
internal sealed record TypeShape(
    ShapeKind Kind,
    string TypeName,
    string DisplayName,
    string? Extra,
    EquatableArray<TypeShape> Args,
    bool IsValueType) : IEquatable<TypeShape>
{
    /// <summary>Whether a field of this shape is a collection state (one unit per element) rather than a scalar.</summary>
    public bool IsCollection => Kind is ShapeKind.Array or ShapeKind.ImmutableArray or ShapeKind.Sequence or ShapeKind.Map;
}
