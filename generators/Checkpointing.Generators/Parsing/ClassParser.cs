using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Checkpointing.Generators.Diagnostics;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// Symbols → <see cref="ClassModel"/> for one class with checkpointed fields, validating as it goes. The generator
/// keeps only the model (none when anything is invalid); the analyzer reports the diagnostics. One code path, so the
/// IDE never shows an error the generator would not act on, or the reverse.
/// </summary>
internal static class ClassParser
{
    public static ClassModel? Parse(INamedTypeSymbol type, WellKnownTypes known, List<Diagnostic>? diagnostics, CancellationToken cancellationToken)
    {
        var valid = true;
        void Report(DiagnosticDescriptor descriptor, Location location, params object[] args)
        {
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) valid = false;
            diagnostics?.Add(Diagnostic.Create(descriptor, location, args));
        }

        var members = CheckpointedMembers.Of(type, known);
        if (members.Count == 0) return null;
        if (type.TypeKind != TypeKind.Class)
        {
            var kind = type.IsRecord ? "record struct" : type.TypeKind.ToString().ToLowerInvariant();
            Report(DiagnosticDescriptors.NotAClass, type.Locations.FirstOrDefault() ?? Location.None, type.Name, kind);
            return null;
        }

        // The class itself is reported here; a containing type is reported when the analyzer visits that type
        // (see ContainingTypeProblem), so each diagnostic lies inside the symbol being analyzed.
        var own = NonPartialDeclaration(type, cancellationToken);
        if (own is not null) Report(DiagnosticDescriptors.NotPartial, own.Identifier.GetLocation(), type.Name, type.Name);
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
            if (NonPartialDeclaration(t, cancellationToken) is not null) valid = false;

        if (HandWrittenConflict(type, known) is { } conflict)
            Report(DiagnosticDescriptors.AlreadyImplemented, type.Locations.FirstOrDefault() ?? Location.None, type.Name, conflict);

        // Added without Report: the generated code is right for the fields, so generation goes on and the runtime
        // behaves as the message says (generated state only) whatever severity the project gives CKPT109.
        if (ListStateConflict(type, known) is { } listConflict)
            diagnostics?.Add(Diagnostic.Create(DiagnosticDescriptors.ListStateIgnored, type.Locations.FirstOrDefault() ?? Location.None, type.Name, listConflict));

        // Names used by checkpointed base classes in this compilation: the object has one state namespace.
        var used = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            foreach (var inherited in CheckpointedMembers.Of(b, known))
                if (!used.ContainsKey(inherited.StateName)) used[inherited.StateName] = b.Name + "." + inherited.CodeName;

        var shapes = new TypeShapeParser(known);
        var fields = new List<FieldModel>();
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var field = member.Field;
            var problem = field.IsConst ? "const" : field.IsStatic ? "static" : field.IsReadOnly && member.Property is null ? "readonly"
                : member.Property is { SetMethod: null } ? "a get-only auto-property"
                : member.Property is { SetMethod.IsInitOnly: true } ? "an init-only auto-property" : null;
            if (problem is not null)
            {
                Report(DiagnosticDescriptors.InvalidField, member.Location, member.CodeName, problem);
                continue;
            }

            // A type the compiler cannot resolve is already an error; a second message about it would be noise.
            if (ContainsErrorType(member.Type))
            {
                valid = false;
                continue;
            }

            var shape = shapes.Parse(member.Type, member.CodeName);
            if (shape is null)
            {
                Report(DiagnosticDescriptors.UnsupportedType, member.Location, member.CodeName, shapes.Unsupported ?? SymbolNames.Display(member.Type));
                continue;
            }

            if (used.TryGetValue(member.StateName, out var owner))
                Report(DiagnosticDescriptors.DuplicateStateName, member.Location, member.CodeName, member.StateName, owner);
            else
                used[member.StateName] = member.CodeName;

            if (member.Merge is { } merge)
            {
                if (shape.IsCollection)
                    Report(DiagnosticDescriptors.InvalidMerge, member.Location, member.CodeName, "Merge applies only to scalar fields; a collection is rebuilt from all units it receives");
                else if (MergeProblem(type, merge, member.Type, known) is { } mergeProblem)
                    Report(DiagnosticDescriptors.InvalidMerge, member.Location, member.CodeName, mergeProblem);
            }
            else if (!shape.IsCollection && member.Mode == Redistribution.Union)
            {
                Report(DiagnosticDescriptors.UnionWithoutMerge, member.Location, member.CodeName);
            }

            fields.Add(new FieldModel(member.CodeName, member.StateName, member.Mode, shape, member.Merge));
        }

        if (!valid) return null;

        var containing = new List<TypeDeclaration>();
        for (var t = type; t is not null; t = t.ContainingType)
            containing.Insert(0, new TypeDeclaration(Keyword(t, cancellationToken), NameWithParameters(t)));
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        var hint = GeneratedNames.HintName(type);
        var fullName = (ns is null ? "" : ns + ".") + string.Join(".", Chain(type).Select(t => t.Name));

        var generic = Chain(type).Any(t => t.TypeParameters.Length > 0);
        var registrationHost = !generic && TypeShapeParser.IsAccessibleFromNamespace(type)
            ? "__CheckpointingFieldRegistration_" + GeneratedNames.Identifier(type)
            : null;
        return new ClassModel(hint, ns, containing.ToEquatableArray(), fullName, type.IsSealed,
            CheckpointedMembers.HasCheckpointedBase(type, known), HandWrittenBaseOf(type, known), fields.ToEquatableArray(), shapes.UserTypes.ToEquatableArray(), registrationHost);
    }

    /// <summary>Why the generated methods cannot be added: written in the class itself, or non-overridable in a base.</summary>
    private static string? HandWrittenConflict(INamedTypeSymbol type, WellKnownTypes known)
    {
        if (CheckpointedMembers.HasCheckpointedBase(type, known)) return null;
        foreach (var name in new[] { "SnapshotState", "RestoreState" })
            if (type.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 &&
                    (known.IsSnapshotContext(m.Parameters[0].Type) || known.IsRestoreContext(m.Parameters[0].Type)) && !IsOurs(m, known)))
                return $"it declares {name} itself (remove it and use the OnSnapshot/OnRestored hooks)";
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            var snapshot = b.GetMembers("SnapshotState").OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.Parameters.Length == 1 && known.IsSnapshotContext(m.Parameters[0].Type) && !m.IsStatic);
            if (snapshot is null) continue;
            return snapshot.IsSealed || !(snapshot.IsVirtual || snapshot.IsAbstract || snapshot.IsOverride)
                ? $"its base '{b.Name}' implements SnapshotState without letting it be overridden"
                : null;
        }
        return null;
    }

    /// <summary>
    /// How the class comes to implement <c>IListCheckpointed&lt;T&gt;</c> beside its <c>[Checkpointed]</c> fields, or null.
    /// The runtime takes a function's <c>ICheckpointedFunction</c> (the generated one) before its <c>IListCheckpointed</c>
    /// (see <c>FunctionState.Of</c>), so the hand-written list would never be written or read. A checkpointed base that
    /// implements it too is reported there, not again on each derived class.
    /// </summary>
    private static string? ListStateConflict(INamedTypeSymbol type, WellKnownTypes known)
    {
        var list = type.AllInterfaces.FirstOrDefault(known.IsListCheckpointed);
        if (list is null) return null;
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            if (CheckpointedMembers.Of(b, known).Count > 0 && b.AllInterfaces.Any(known.IsListCheckpointed)) return null;

        var display = "implements IListCheckpointed<" + SymbolNames.Display(list.TypeArguments[0]) + ">";
        if (Declares(type, list)) return display;
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            if (Declares(b, list)) return $"its base '{b.Name}' {display}";
        return display;
    }

    /// <summary>Whether <paramref name="type"/> lists <paramref name="target"/> itself, directly or through an interface it lists.</summary>
    private static bool Declares(INamedTypeSymbol type, INamedTypeSymbol target) =>
        type.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target) || i.AllInterfaces.Contains(target, SymbolEqualityComparer.Default));

    /// <summary>The analyzer sees the generator's output too; those methods are not a conflict.</summary>
    private static bool IsOurs(IMethodSymbol method, WellKnownTypes known) => method.GetAttributes().Any(a =>
        known.IsGeneratedCodeAttribute(a.AttributeClass) && a.ConstructorArguments.Length > 0 &&
        a.ConstructorArguments[0].Value as string == "Checkpointing.Generators");

    /// <summary>Whether a base class already implements <c>SnapshotState</c> as an overridable method the generated code must extend.</summary>
    private static HandWrittenBase HandWrittenBaseOf(INamedTypeSymbol type, WellKnownTypes known)
    {
        if (CheckpointedMembers.HasCheckpointedBase(type, known)) return HandWrittenBase.None;
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            var snapshot = b.GetMembers("SnapshotState").OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.Parameters.Length == 1 && known.IsSnapshotContext(m.Parameters[0].Type) && !m.IsStatic);
            if (snapshot is null) continue;
            if (snapshot.IsSealed || !(snapshot.IsVirtual || snapshot.IsAbstract || snapshot.IsOverride)) return HandWrittenBase.None;
            return snapshot.IsAbstract ? HandWrittenBase.Abstract : HandWrittenBase.Virtual;
        }
        return HandWrittenBase.None;
    }

    /// <summary>
    /// CKPT101 for a type that is not partial but contains (at any depth) a class with checkpointed fields: the
    /// generator has to repeat every containing type as a partial declaration.
    /// </summary>
    public static Diagnostic? ContainingTypeProblem(INamedTypeSymbol type, WellKnownTypes known, CancellationToken cancellationToken)
    {
        // Cheapest checks first: this runs for every type in the compilation.
        if (type.GetTypeMembers().IsEmpty || CheckpointedMembers.Of(type, known).Count > 0) return null;
        var nested = FirstCheckpointedNested(type, known);
        if (nested is null) return null;
        var declaration = NonPartialDeclaration(type, cancellationToken);
        return declaration is null ? null : Diagnostic.Create(DiagnosticDescriptors.NotPartial, declaration.Identifier.GetLocation(), type.Name, nested.Name);
    }

    private static INamedTypeSymbol? FirstCheckpointedNested(INamedTypeSymbol type, WellKnownTypes known)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            if (nested.TypeKind == TypeKind.Class && CheckpointedMembers.Of(nested, known).Count > 0) return nested;
            if (FirstCheckpointedNested(nested, known) is { } deeper) return deeper;
        }
        return null;
    }

    private static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };

    private static IEnumerable<INamedTypeSymbol> Chain(INamedTypeSymbol type)
    {
        var list = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.ContainingType) list.Insert(0, t);
        return list;
    }

    /// <summary>A declaration of <paramref name="type"/> without <c>partial</c>, or null when every declaration has it.</summary>
    public static TypeDeclarationSyntax? NonPartialDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return declaration;
        }
        return null;
    }

    private static string? MergeProblem(INamedTypeSymbol type, string name, ITypeSymbol fieldType, WellKnownTypes known)
    {
        var candidates = new List<IMethodSymbol>();
        for (var t = type; t is not null; t = t.BaseType)
            candidates.AddRange(t.GetMembers(name).OfType<IMethodSymbol>().Where(m => SymbolEqualityComparer.Default.Equals(t, type) || m.DeclaredAccessibility != Accessibility.Private));
        if (candidates.Count == 0) return $"the class has no method named '{name}'";
        var wanted = $"{SymbolNames.Display(fieldType)} {name}(IReadOnlyList<{SymbolNames.Display(fieldType)}> units)";
        foreach (var method in candidates)
        {
            if (method.IsGenericMethod || method.Parameters.Length != 1) continue;
            if (!SymbolEqualityComparer.Default.Equals(method.ReturnType, fieldType)) continue;
            if (method.Parameters[0].Type is INamedTypeSymbol list && known.IsReadOnlyList(list) &&
                SymbolEqualityComparer.Default.Equals(list.TypeArguments[0], fieldType) &&
                method.Parameters[0].RefKind == RefKind.None)
                return null;
        }
        return $"'{name}' must have the signature '{wanted}'";
    }

    private static string NameWithParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? type.Name : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

    private static string Keyword(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var syntax = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
        return syntax switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => type.IsRecord ? (type.IsValueType ? "record struct" : "record") : type.IsValueType ? "struct" : "class",
        };
    }
}
