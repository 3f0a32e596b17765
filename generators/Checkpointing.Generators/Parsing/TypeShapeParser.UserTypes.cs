using System.Collections.Generic;
using System.Linq;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// User records, classes and structs: which members are written, how each is set again when reading (constructor
/// parameter, <c>init</c>, setter), and which constructor creates the instance.
/// </summary>
internal sealed partial class TypeShapeParser
{
    private UserTypeModel? ParseUserType(INamedTypeSymbol type, string id, string path)
    {
        var ownParameters = AllTypeParameters(type);
        var constructor = ChooseConstructor(type, out var constructorReason);
        if (constructor is null)
        {
            Unsupported ??= $"{path} ({SymbolNames.Display(type)}): {constructorReason}";
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
                    Unsupported ??= $"{path} → {SymbolNames.Display(type)}.{member.Name}: it holds data but cannot be set when reading; give it a setter, init, or a constructor parameter of the same name";
                    return null;
                }
                if ((int)assignment < 0 || !seen.Add(member.Name)) continue;
                // A required member must be set in the object initializer, whether it has init or set.
                var required = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                if (required && assignment == MemberAssignment.Set) assignment = MemberAssignment.Init;
                var shape = Parse(memberType, $"{path} → {SymbolNames.Display(type)}.{member.Name}", ownParameters);
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
                Unsupported ??= $"{path} ({SymbolNames.Display(type)}): constructor parameter '{parameter.Name}' has no readable member of the same name";
                return null;
            }
            ordered.Add(member with { ParameterDefault = DefaultLiteral(parameter) });
        }
        ordered.AddRange(members.Where(m => m.Assignment != MemberAssignment.Constructor));

        var typeParameterNames = ownParameters.Select(p => p.Name).ToEquatableArray();
        return new UserTypeModel(id, SymbolNames.Qualified(type), SymbolNames.Display(type), typeParameterNames, type.IsValueType, ordered.ToEquatableArray(), IsAccessibleFromNamespace(type));
    }

    /// <summary>
    /// Whether instances of <paramref name="type"/> cannot change once made: every member written is of an immutable
    /// shape and, for a class, every instance field of it and its base classes is readonly (auto-properties with
    /// <c>init</c> or no setter have readonly backing fields), so no member can be assigned after construction, and
    /// unless it is sealed no written property is virtual. A struct is copied when captured, so only what its members
    /// reach counts.
    /// </summary>
    private static bool IsImmutableDefinition(INamedTypeSymbol type, UserTypeModel model)
    {
        foreach (var member in model.Members)
            if (!member.Shape.IsImmutable) return false;
        if (type.IsValueType) return true;
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false, IsReadOnly: false }) return false;
                // A derived class could override a written property with one that reads state of its own.
                if (!type.IsSealed && member is IPropertySymbol { IsStatic: false } property && model.Members.Any(m => m.Name == property.Name)
                    && (property.IsVirtual || property.IsAbstract || property.IsOverride && !property.IsSealed))
                    return false;
            }
        return true;
    }

    /// <summary>A constructor parameter's default as C#, so a member missing from stored data gets it (null: none or not expressible).</summary>
    private static string? DefaultLiteral(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        var value = parameter.ExplicitDefaultValue;
        var type = SymbolNames.Qualified(parameter.Type);
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
}
