using System.Collections.Generic;
using System.Linq;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// Turns a field's type into a <see cref="TypeShape"/>, collecting the user types it reaches (to any depth) and the
/// first member path that cannot be serialized.
/// </summary>
internal sealed class TypeShapeParser
{
    private static readonly SymbolDisplayFormat FullName = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat ShortName = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary><see cref="TypeShape.Extra"/> of a <see cref="ShapeKind.Resolver"/> shape that stands for a type parameter.</summary>
    public const string TypeParameterMarker = "type parameter";

    private readonly Dictionary<string, UserTypeModel?> userTypes = new();
    private readonly List<string> userTypeOrder = new();

    /// <summary>The user types reached so far, in the order first seen.</summary>
    public IEnumerable<UserTypeModel> UserTypes => userTypeOrder.Select(id => userTypes[id]).Where(t => t is not null)!;

    /// <summary>Why the last failed <see cref="Parse"/> failed: the member path and the type that cannot be written.</summary>
    public string? Unsupported { get; private set; }

    public static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(ShortName);

    public static string Qualified(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(FullName);

    /// <summary>The shape of <paramref name="type"/>, or null (see <see cref="Unsupported"/>).</summary>
    public TypeShape? Parse(ITypeSymbol type, string path)
    {
        Unsupported = null;
        return Parse(type, path, ownTypeParameters: null);
    }

    private TypeShape? Parse(ITypeSymbol type, string path, IReadOnlyList<ITypeParameterSymbol>? ownTypeParameters)
    {
        var name = Qualified(type);
        var display = Display(type);

        TypeShape Shape(ShapeKind kind, string? extra = null, params TypeShape[] args) =>
            new(kind, name, display, extra, args.ToEquatableArray(), type.IsValueType);

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
                        return Shape(ShapeKind.OwnTypeParameter, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            // A type parameter of the checkpointed class: its formatter is looked up at run time.
            return Shape(ShapeKind.Resolver, TypeParameterMarker);
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1) return Fail("multi-dimensional arrays are not supported; use a jagged array");
            if (array.ElementType.SpecialType == SpecialType.System_Byte) return Shape(ShapeKind.Builtin);
            var element = Parse(array.ElementType, path + "[]", ownTypeParameters);
            return element is null ? null : Shape(ShapeKind.Array, null, element);
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
                return Shape(ShapeKind.RuntimeInstance, "DateTimeFormatter");
            case SpecialType.System_Object:
                return Fail("'object' says nothing about what to write; use a concrete type");
        }

        if (type is not INamedTypeSymbol named) return Fail("not a supported type");

        if (named.TypeKind == TypeKind.Enum)
        {
            var underlying = named.EnumUnderlyingType!;
            return Shape(ShapeKind.Enum, null, new TypeShape(ShapeKind.Builtin, Qualified(underlying), Display(underlying), null, EquatableArray<TypeShape>.Empty, true));
        }

        var definition = MetadataName(named.OriginalDefinition);
        var args = named.TypeArguments;

        TypeShape? Composite(ShapeKind kind, string? extra, string[] parts)
        {
            var shapes = new TypeShape[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                var part = Parse(args[i], path + parts[i], ownTypeParameters);
                if (part is null) return null;
                shapes[i] = part;
            }
            return Shape(kind, extra, shapes);
        }

        switch (definition)
        {
            case "System.Guid":
            case "System.TimeSpan":
            case "System.DateTimeOffset":
            case "System.Uri":
            case "System.Version":
                return Shape(ShapeKind.Builtin);
            case "System.DateOnly":
                return Shape(ShapeKind.RuntimeInstance, "DateOnlyFormatter");
            case "System.Numerics.BigInteger":
                return Shape(ShapeKind.RuntimeInstance, "BigIntegerFormatter");
            case "System.TimeOnly":
                return Shape(ShapeKind.RuntimeInstance, "TimeOnlyFormatter");
            case "System.ReadOnlyMemory`1" when args[0].SpecialType == SpecialType.System_Byte:
                return Shape(ShapeKind.RuntimeInstance, "ReadOnlyMemoryByteFormatter");
            case "System.Nullable`1":
                return Composite(ShapeKind.Nullable, null, new[] { "" });
            case "System.Collections.Generic.KeyValuePair`2":
                return Composite(ShapeKind.KeyValuePair, null, new[] { ".Key", ".Value" });
            case "System.Collections.Immutable.ImmutableArray`1":
                return Composite(ShapeKind.ImmutableArray, null, new[] { "[]" });
        }

        if (SequenceBuilder(definition) is { } sequence) return Composite(ShapeKind.Sequence, sequence, new[] { "[]" });
        if (MapBuilder(definition) is { } map) return Composite(ShapeKind.Map, map, new[] { ".Key", ".Value" });

        if (definition.StartsWith("System.ValueTuple`", System.StringComparison.Ordinal) || definition.StartsWith("System.Tuple`", System.StringComparison.Ordinal))
        {
            if (args.Length > 7) return Fail("tuples of more than 7 items are not supported");
            var parts = Enumerable.Range(1, args.Length).Select(i => ".Item" + i).ToArray();
            return Composite(named.IsValueType ? ShapeKind.ValueTuple : ShapeKind.Tuple, null, parts);
        }

        if (named.GetAttributes().Any(a => a.AttributeClass is { Name: "MessagePackObjectAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "MessagePack"))
            return Shape(ShapeKind.Resolver, "MessagePackObject");

        var ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal))
            return Fail("this framework type is not supported");
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return Fail($"{named.TypeKind.ToString().ToLowerInvariant()} types cannot be created when reading; use a concrete class, record or struct");
        if (named.IsAbstract) return Fail("abstract types cannot be created when reading");
        if (named.IsFileLocal) return Fail("a file-local type cannot be named by generated code in another file");

        var id = UserTypeId(named.OriginalDefinition);
        if (!userTypes.ContainsKey(id))
        {
            userTypes[id] = null; // in progress: recursive types refer to it by id
            userTypeOrder.Add(id);
            var model = ParseUserType(named.OriginalDefinition, id, path);
            if (model is null) return null;
            userTypes[id] = model;
        }
        if (args.Length == 0) return Shape(ShapeKind.UserType, id);
        return Composite(ShapeKind.UserType, id, args.Select((_, i) => $"<{i}>").ToArray());
    }

    private UserTypeModel? ParseUserType(INamedTypeSymbol type, string id, string path)
    {
        var ownParameters = AllTypeParameters(type);
        var constructor = ChooseConstructor(type, out var constructorReason);
        if (constructor is null)
        {
            Unsupported ??= $"{path} ({Display(type)}): {constructorReason}";
            return null;
        }

        var members = new List<MemberModel>();
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol) continue;
                if (!IsVisible(member.DeclaredAccessibility)) continue;
                if (member is IPropertySymbol { IsIndexer: true }) continue;
                ITypeSymbol memberType;
                MemberAssignment assignment;
                var parameter = constructor.Parameters.FirstOrDefault(p => string.Equals(p.Name, member.Name, System.StringComparison.OrdinalIgnoreCase));
                switch (member)
                {
                    case IFieldSymbol field when !field.IsConst && !field.IsImplicitlyDeclared:
                        memberType = field.Type;
                        assignment = parameter is not null ? MemberAssignment.Constructor
                            : field.IsReadOnly ? (MemberAssignment)(-1) : MemberAssignment.Set;
                        break;
                    case IPropertySymbol property when property.GetMethod is not null && IsVisible(property.GetMethod.DeclaredAccessibility):
                        memberType = property.Type;
                        var setter = property.SetMethod;
                        assignment = parameter is not null ? MemberAssignment.Constructor
                            : setter is null || !IsVisible(setter.DeclaredAccessibility) ? (MemberAssignment)(-1)
                            : setter.IsInitOnly ? MemberAssignment.Init : MemberAssignment.Set;
                        break;
                    default:
                        continue;
                }
                if ((int)assignment < 0 && StoresData(member))
                {
                    // Written but never read back would lose data in silence.
                    Unsupported ??= $"{path} → {Display(type)}.{member.Name}: it holds data but cannot be set when reading; give it a setter, init, or a constructor parameter of the same name";
                    return null;
                }
                if ((int)assignment < 0 || !seen.Add(member.Name)) continue;
                // A required member must be set in the object initializer, whether it has init or set.
                var required = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                if (required && assignment == MemberAssignment.Set) assignment = MemberAssignment.Init;
                var shape = Parse(memberType, $"{path} → {Display(type)}.{member.Name}", ownParameters);
                if (shape is null) return null;
                members.Add(new MemberModel(member.Name, shape, assignment, null, required));
            }
        }

        // Constructor arguments go in parameter order; a parameter without a member keeps its default.
        var ordered = new List<MemberModel>();
        foreach (var parameter in constructor.Parameters)
        {
            var member = members.FirstOrDefault(m => m.Assignment == MemberAssignment.Constructor && string.Equals(m.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase));
            if (member is null)
            {
                Unsupported ??= $"{path} ({Display(type)}): constructor parameter '{parameter.Name}' has no readable member of the same name";
                return null;
            }
            ordered.Add(member with { ParameterDefault = DefaultLiteral(parameter) });
        }
        ordered.AddRange(members.Where(m => m.Assignment != MemberAssignment.Constructor));

        var typeParameterNames = ownParameters.Select(p => p.Name).ToEquatableArray();
        return new UserTypeModel(id, Qualified(type), Display(type), typeParameterNames, type.IsValueType, ordered.ToEquatableArray(), IsAccessibleFromNamespace(type));
    }

    /// <summary>A constructor parameter's default as C#, so a member missing from stored data gets it (null: none or not expressible).</summary>
    private static string? DefaultLiteral(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        var value = parameter.ExplicitDefaultValue;
        var type = Qualified(parameter.Type);
        var literal = value switch
        {
            null => null,
            string text => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true),
            char c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            double d when double.IsNaN(d) || double.IsInfinity(d) => null,
            float f when float.IsNaN(f) || float.IsInfinity(f) => null,
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "D",
            float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "F",
            decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "M",
            ulong u => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "UL",
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L",
            uint u => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "U",
            System.IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return literal is null ? null : $"({type})({literal})";
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, out string reason)
    {
        reason = "";
        var constructors = type.InstanceConstructors
            .Where(c => IsVisible(c.DeclaredAccessibility))
            // A record's copy constructor takes the type itself; it is never the way in.
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .ToList();
        // The constructor that sets the most members (a positional record, a struct with readonly fields); every one
        // of its parameters must name a readable member, or there is nothing to pass to it.
        var memberNames = new HashSet<string>(AllMembers(type).Select(m => m.Name), System.StringComparer.OrdinalIgnoreCase);
        var candidate = constructors
            .Where(c => c.Parameters.All(p => memberNames.Contains(p.Name)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (candidate is null)
            reason = constructors.Count == 0
                ? "it has no public or internal constructor"
                : "no public or internal constructor has only parameters named after its members";
        return candidate;
    }

    private static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            foreach (var member in current.GetMembers())
                if (member is IFieldSymbol or IPropertySymbol && !member.IsStatic) yield return member;
    }

    /// <summary>A readonly field or get-only auto-property: state, unlike a computed property.</summary>
    private static bool StoresData(ISymbol member) => member switch
    {
        IFieldSymbol => true,
        IPropertySymbol property => property.ContainingType.GetMembers().OfType<IFieldSymbol>()
            .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)),
        _ => false,
    };

    /// <summary>Whether code outside the type's containing types can name it.</summary>
    public static bool IsAccessibleFromNamespace(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
            if (!IsVisible(t.DeclaredAccessibility)) return false;
        return true;
    }

    private static bool IsVisible(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static List<ITypeParameterSymbol> AllTypeParameters(INamedTypeSymbol type)
    {
        var result = new List<ITypeParameterSymbol>();
        for (var t = type; t is not null; t = t.ContainingType) result.InsertRange(0, t.TypeParameters);
        return result;
    }

    private static string UserTypeId(INamedTypeSymbol type)
    {
        var builder = new System.Text.StringBuilder("Formatter_");
        foreach (var c in Qualified(type).Replace("global::", ""))
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        return builder.ToString();
    }

    /// <summary><c>System.Collections.Generic.List`1</c>: namespace, containing types and metadata name.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var t = type.ContainingType; t is not null; t = t.ContainingType) name = t.MetadataName + "+" + name;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    private static string? SequenceBuilder(string definition) => definition switch
    {
        "System.Collections.Generic.List`1" or "System.Collections.Generic.IList`1" or "System.Collections.Generic.ICollection`1"
            or "System.Collections.Generic.IEnumerable`1" or "System.Collections.Generic.IReadOnlyList`1"
            or "System.Collections.Generic.IReadOnlyCollection`1" => "List",
        "System.Collections.Generic.HashSet`1" or "System.Collections.Generic.ISet`1" or "System.Collections.Generic.IReadOnlySet`1" => "HashSet",
        "System.Collections.Generic.SortedSet`1" => "SortedSet",
        "System.Collections.Generic.Queue`1" => "Queue",
        "System.Collections.Generic.Stack`1" => "Stack",
        "System.Collections.Generic.LinkedList`1" => "LinkedList",
        "System.Collections.Immutable.ImmutableList`1" or "System.Collections.Immutable.IImmutableList`1" => "ImmutableList",
        "System.Collections.Immutable.ImmutableHashSet`1" or "System.Collections.Immutable.IImmutableSet`1" => "ImmutableHashSet",
        "System.Collections.Immutable.ImmutableQueue`1" or "System.Collections.Immutable.IImmutableQueue`1" => "ImmutableQueue",
        _ => null,
    };

    private static string? MapBuilder(string definition) => definition switch
    {
        "System.Collections.Generic.Dictionary`2" or "System.Collections.Generic.IDictionary`2"
            or "System.Collections.Generic.IReadOnlyDictionary`2" => "Dictionary",
        "System.Collections.Generic.SortedDictionary`2" => "SortedDictionary",
        "System.Collections.Generic.SortedList`2" => "SortedList",
        "System.Collections.Concurrent.ConcurrentDictionary`2" => "ConcurrentDictionary",
        "System.Collections.Immutable.ImmutableDictionary`2" or "System.Collections.Immutable.IImmutableDictionary`2" => "ImmutableDictionary",
        "System.Collections.Immutable.ImmutableSortedDictionary`2" => "ImmutableSortedDictionary",
        _ => null,
    };
}
