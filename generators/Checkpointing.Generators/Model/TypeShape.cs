using System;

namespace Checkpointing.Generators.Model;

/// <summary>How a type is written; decides which formatter the emitter composes for it.</summary>
internal enum ShapeKind
{
    /// <summary>MessagePack's built-in formatter: primitives, string, decimal, Guid, TimeSpan, DateTimeOffset, byte[].</summary>
    Builtin,
    /// <summary>A formatter class of the runtime with a static <c>Instance</c> (<see cref="TypeShape.RuntimeFormatter"/> names it).</summary>
    RuntimeInstance,
    Enum,
    Nullable,
    Array,
    ImmutableArray,
    /// <summary>A sequence collection; <see cref="TypeShape.CollectionBuilder"/> names its builder in <c>CollectionBuilders</c>.</summary>
    Sequence,
    /// <summary>A dictionary; <see cref="TypeShape.CollectionBuilder"/> names its builder in <c>CollectionBuilders</c>.</summary>
    Map,
    KeyValuePair,
    ValueTuple,
    Tuple,
    /// <summary>A user record, class or struct with a generated formatter (<see cref="TypeShape.UserTypeId"/> names it).</summary>
    UserType,
    /// <summary>A type parameter of the user type whose formatter is being written (<see cref="TypeShape.TypeParameterIndex"/> says which).</summary>
    OwnTypeParameter,
    /// <summary>
    /// Resolved at run time by the options' resolver: a type parameter of the checkpointed class
    /// (<see cref="TypeShape.IsTypeParameter"/>), or a <c>[MessagePackObject]</c> type.
    /// </summary>
    Resolver,
}

/// <summary>
/// A type as the emitter needs it: the C# name (fully qualified, without nullable annotations, so the composed
/// formatter types always agree), a short name for messages, and the shapes of its parts. The members after the
/// positional ones each belong to one <see cref="ShapeKind"/> and keep their default for every other. Value-equatable.
/// </summary>
internal sealed record TypeShape(
    ShapeKind Kind,
    string TypeName,
    string DisplayName,
    EquatableArray<TypeShape> Args,
    bool IsValueType) : IEquatable<TypeShape>
{
    /// <summary><see cref="ShapeKind.RuntimeInstance"/>: the runtime's formatter class (<c>DateOnlyFormatter</c>).</summary>
    public string? RuntimeFormatter { get; init; }

    /// <summary><see cref="ShapeKind.Sequence"/> and <see cref="ShapeKind.Map"/>: the builder's name in <c>CollectionBuilders</c>.</summary>
    public string? CollectionBuilder { get; init; }

    /// <summary><see cref="ShapeKind.UserType"/>: the generated formatter class (<see cref="UserTypeModel.Id"/>).</summary>
    public string? UserTypeId { get; init; }

    /// <summary><see cref="ShapeKind.OwnTypeParameter"/>: its position in the user type's type parameters.</summary>
    public int TypeParameterIndex { get; init; }

    /// <summary><see cref="ShapeKind.Resolver"/>: it stands for a type parameter of the checkpointed class, not a <c>[MessagePackObject]</c> type.</summary>
    public bool IsTypeParameter { get; init; }

    /// <summary><see cref="ShapeKind.UserType"/>: the type's definition cannot change once made (see <see cref="IsImmutable"/>).</summary>
    public bool UserTypeIsImmutable { get; init; }

    /// <summary>
    /// Whether a value of this shape can never change once made: nothing reachable from it can be assigned. A snapshot
    /// may then capture such values by copying the collection that holds them under the checkpoint lock and serialize
    /// them after the lock is released (docs/api.md §2, "Which fields are captured by copy"). Built-in immutable types
    /// (primitives, string, decimal, Guid, TimeSpan, DateTime(Offset), DateOnly, TimeOnly, BigInteger, Uri, Version),
    /// enums, and nullables, pairs, tuples, immutable collections and user types of only such parts; never
    /// <c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, mutable collections or types resolved at run time.
    /// </summary>
    public bool IsImmutable => Kind switch
    {
        // byte[] is the one built-in that is an array.
        ShapeKind.Builtin => !TypeName.EndsWith("[]", StringComparison.Ordinal),
        ShapeKind.RuntimeInstance => RuntimeFormatter != "ReadOnlyMemoryByteFormatter",
        // A user type's own type parameters are checked where the type is used, with its type arguments.
        ShapeKind.Enum or ShapeKind.OwnTypeParameter => true,
        ShapeKind.Nullable or ShapeKind.KeyValuePair or ShapeKind.ValueTuple or ShapeKind.Tuple or ShapeKind.ImmutableArray => AllArgsImmutable,
        ShapeKind.Sequence or ShapeKind.Map => IsImmutableCollection && AllArgsImmutable,
        ShapeKind.UserType => UserTypeIsImmutable && AllArgsImmutable,
        _ => false,
    };

    /// <summary>An <c>ImmutableArray</c>, or a sequence or map whose builder makes an immutable collection: one that no one can change after it was made.</summary>
    public bool IsImmutableCollection => Kind == ShapeKind.ImmutableArray || CollectionBuilder?.StartsWith("Immutable", StringComparison.Ordinal) == true;

    private bool AllArgsImmutable
    {
        get
        {
            foreach (var arg in Args)
                if (!arg.IsImmutable) return false;
            return true;
        }
    }

    /// <summary>Whether a field of this shape is a collection state (one unit per element) rather than a scalar.</summary>
    public bool IsCollection => Kind is ShapeKind.Array or ShapeKind.ImmutableArray or ShapeKind.Sequence or ShapeKind.Map;
}
