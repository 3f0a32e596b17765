using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// The cheap first gate for types without checkpointed state: a type whose text never names anything that could
/// touch another type's checkpointed state (a non-private checkpointed field or auto-property, a non-private
/// [RequiresCheckpointLock] method) or the lock itself (<c>CheckpointLock</c>) is skipped before any operation
/// tree or control flow graph is built for it. Most of a project's types end here.
/// </summary>
internal sealed class NameGate
{
    private readonly Lazy<HashSet<string>> names;

    public NameGate(KnownSymbols known) =>
        names = new Lazy<HashSet<string>>(() => Collect(known), LazyThreadSafetyMode.ExecutionAndPublication);

    public bool Mentions(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var set = names.Value;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && set.Contains(token.ValueText)) return true;
            }
        }
        return false;
    }

    private static HashSet<string> Collect(KnownSymbols known)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { "CheckpointLock" };
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(known.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case INamespaceOrTypeSymbol nested:
                        pending.Push(nested);
                        break;
                    case IFieldSymbol field when field.DeclaredAccessibility != Accessibility.Private && known.IsCheckpointed(field):
                        set.Add(field.AssociatedSymbol?.Name ?? field.Name);
                        break;
                    case IFieldSymbol { AssociatedSymbol: IPropertySymbol property } backing when property.DeclaredAccessibility != Accessibility.Private && known.IsCheckpointed(backing):
                        set.Add(property.Name);
                        break;
                    case IMethodSymbol method when method.DeclaredAccessibility != Accessibility.Private && known.RequiresLock(method):
                        set.Add(method.Name);
                        break;
                }
            }
        }
        return set;
    }
}
