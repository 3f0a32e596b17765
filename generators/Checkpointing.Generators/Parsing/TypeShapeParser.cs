using System.Collections.Generic;
using System.Linq;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// Turns a field's type into a <see cref="TypeShape"/>, collecting the user types it reaches (to any depth) and the
/// first member path that cannot be serialized. This file decides the shape; user types and their constructors are
/// read in <c>TypeShapeParser.UserTypes.cs</c>, names are made by <see cref="SymbolNames"/>, and framework types are
/// recognised as symbols through <see cref="WellKnownTypes"/>.
/// </summary>
internal sealed partial class TypeShapeParser(WellKnownTypes known)
{
    private readonly Dictionary<string, UserTypeModel?> userTypes = new();
    // Whether each user type's definition is immutable; a type still being read counts as immutable, so a type that
    // refers to itself is judged by its other members.
    private readonly Dictionary<string, bool> immutableUserTypes = new();
    private readonly List<string> userTypeOrder = new();

    /// <summary>The user types reached so far, in the order first seen.</summary>
    public IEnumerable<UserTypeModel> UserTypes => userTypeOrder.Select(id => userTypes[id]).Where(t => t is not null)!;

    /// <summary>Why the last failed <see cref="Parse(ITypeSymbol, string)"/> failed: the member path and the type that cannot be written.</summary>
    public string? Unsupported { get; private set; }

    /// <summary>The shape of <paramref name="type"/>, or null (see <see cref="Unsupported"/>).</summary>
    public TypeShape? Parse(ITypeSymbol type, string path)
    {
        Unsupported = null;
        return Parse(type, path, ownTypeParameters: null);
    }

    private TypeShape? Parse(ITypeSymbol type, string path, IReadOnlyList<ITypeParameterSymbol>? ownTypeParameters)
    {
        var name = SymbolNames.Qualified(type);
        var display = SymbolNames.Display(type);

        TypeShape Shape(ShapeKind kind, params TypeShape[] args) =>
            new(kind, name, display, args.ToEquatableArray(), type.IsValueType);

        TypeShape? Fail(string reason)
        {
            Unsupported ??= $"{path} ({display}): {reason}";
            return null;
        }

        if (type is ITypeParameterSymbol parameter)
        {
            if (ownTypeParameters is not null)
            {
                for (var i = 0; i < ownTypeParameters.Count; i++)
                    if (SymbolEqualityComparer.Default.Equals(ownTypeParameters[i], parameter))
                        return Shape(ShapeKind.OwnTypeParameter) with { TypeParameterIndex = i };
            }
            // A type parameter of the checkpointed class: its formatter is looked up at run time.
            return Shape(ShapeKind.Resolver) with { IsTypeParameter = true };
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1) return Fail("multi-dimensional arrays are not supported; use a jagged array");
            if (array.ElementType.SpecialType == SpecialType.System_Byte) return Shape(ShapeKind.Builtin);
            var element = Parse(array.ElementType, path + "[]", ownTypeParameters);
            return element is null ? null : Shape(ShapeKind.Array, element);
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_String:
                return Shape(ShapeKind.Builtin);
            case SpecialType.System_DateTime:
                return Shape(ShapeKind.RuntimeInstance) with { RuntimeFormatter = "DateTimeFormatter" };
            case SpecialType.System_Object:
                return Fail("'object' says nothing about what to write; use a concrete type");
        }

        if (type is not INamedTypeSymbol named) return Fail("not a supported type");

        if (named.TypeKind == TypeKind.Enum)
        {
            var underlying = named.EnumUnderlyingType!;
            return Shape(ShapeKind.Enum, new TypeShape(ShapeKind.Builtin, SymbolNames.Qualified(underlying), SymbolNames.Display(underlying), EquatableArray<TypeShape>.Empty, true));
        }

        var definition = named.OriginalDefinition;
        var args = named.TypeArguments;

        TypeShape? Composite(ShapeKind kind, IReadOnlyList<string> parts)
        {
            var shapes = new TypeShape[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                var part = Parse(args[i], path + parts[i], ownTypeParameters);
                if (part is null) return null;
                shapes[i] = part;
            }
            return Shape(kind, shapes);
        }

        if (known.FrameworkShapeOf(definition) is { } framework && (!framework.OnlyOfBytes || args[0].SpecialType == SpecialType.System_Byte))
        {
            return framework.Kind switch
            {
                ShapeKind.Builtin => Shape(ShapeKind.Builtin),
                ShapeKind.RuntimeInstance => Shape(ShapeKind.RuntimeInstance) with { RuntimeFormatter = framework.Name },
                ShapeKind.Sequence or ShapeKind.Map => Composite(framework.Kind, framework.Parts!) is { } collection ? collection with { CollectionBuilder = framework.Name } : null,
                _ => Composite(framework.Kind, framework.Parts!),
            };
        }

        if (known.IsTuple(definition))
        {
            if (args.Length > 7) return Fail("tuples of more than 7 items are not supported");
            var parts = Enumerable.Range(1, args.Length).Select(i => ".Item" + i).ToArray();
            return Composite(named.IsValueType ? ShapeKind.ValueTuple : ShapeKind.Tuple, parts);
        }

        if (known.IsMessagePackObject(named)) return Shape(ShapeKind.Resolver);

        var ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal))
            return Fail("this framework type is not supported");
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return Fail($"{named.TypeKind.ToString().ToLowerInvariant()} types cannot be created when reading; use a concrete class, record or struct");
        if (named.IsAbstract) return Fail("abstract types cannot be created when reading");
        if (named.IsFileLocal) return Fail("a file-local type cannot be named by generated code in another file");

        var id = SymbolNames.UserTypeId(definition);
        if (!userTypes.ContainsKey(id))
        {
            userTypes[id] = null; // in progress: recursive types refer to it by id
            immutableUserTypes[id] = true;
            userTypeOrder.Add(id);
            var model = ParseUserType(definition, id, path);
            if (model is null) return null;
            userTypes[id] = model;
            immutableUserTypes[id] = IsImmutableDefinition(definition, model);
        }
        var user = args.Length == 0 ? Shape(ShapeKind.UserType) : Composite(ShapeKind.UserType, args.Select((_, i) => $"<{i}>").ToArray());
        return user is null ? null : user with { UserTypeId = id, UserTypeIsImmutable = immutableUserTypes[id] };
    }
}
