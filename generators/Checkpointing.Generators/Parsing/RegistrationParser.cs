using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// Finds the unit types of hand-written state in a class (<c>IListCheckpointed&lt;T&gt;</c>'s <c>T</c>, a
/// <c>TwoPhaseCommitSinkFunction</c>'s <c>TTransaction</c>) whose formatters the runtime looks up by type, so they can
/// be generated and registered.
/// </summary>
internal static class RegistrationParser
{
    public static RegistrationModel? Parse(INamedTypeSymbol type, SyntaxNode declaration, WellKnownTypes known, CancellationToken cancellationToken)
    {
        // A partial class is seen once per declaration; only its first declaration speaks for it.
        if (type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) != declaration) return null;

        var roots = new List<ITypeSymbol>();
        foreach (var candidate in type.AllInterfaces)
            if (known.IsListCheckpointed(candidate)) roots.Add(candidate.TypeArguments[0]);
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            if (known.IsTwoPhaseCommitSink(b)) roots.Add(b.TypeArguments[1]);
        if (roots.Count == 0) return null;

        var parser = new TypeShapeParser(known);
        var shapes = new List<TypeShape>();
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!AccessibleFromNamespace(root)) continue;
            var shape = parser.Parse(root, SymbolNames.Display(root));
            // Type parameters and [MessagePackObject] types are left to the resolver: registering the resolver for itself would loop.
            if (shape is null || shape.Kind == ShapeKind.Resolver || ContainsTypeParameter(shape)) continue;
            if (!shapes.Contains(shape)) shapes.Add(shape);
        }
        if (shapes.Count == 0) return null;

        return new RegistrationModel(GeneratedNames.HintName(type, ".Registration.g.cs"), "__CheckpointingRegistration_" + GeneratedNames.Identifier(type),
            shapes.ToEquatableArray(), parser.UserTypes.ToEquatableArray());
    }

    private static bool ContainsTypeParameter(TypeShape shape) =>
        shape.Kind == ShapeKind.Resolver && shape.IsTypeParameter || shape.Args.Any(ContainsTypeParameter);

    private static bool AccessibleFromNamespace(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return AccessibleFromNamespace(array.ElementType);
            case INamedTypeSymbol named:
                for (var t = named; t is not null; t = t.ContainingType)
                    if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) return false;
                return named.TypeArguments.All(AccessibleFromNamespace);
            default:
                return true;
        }
    }
}
