using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Symbols;

/// <summary>
/// The classic Flink form without the attribute: a hand-written <c>IListCheckpointed&lt;T&gt;</c> or
/// <c>ICheckpointedFunction</c> whose SnapshotState reads plain fields. Those fields are its state.
/// </summary>
internal sealed class HandWrittenState
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, HashSet<string>> snapshotNames = new(SymbolEqualityComparer.Default);

    public bool IsState(IFieldSymbol field, KnownSymbols known)
    {
        if (field.IsStatic || field.IsConst || field.IsImplicitlyDeclared) return false;
        var type = field.ContainingType;
        if (!KnownSymbols.Implements(type, known.ListCheckpointed) && !KnownSymbols.Implements(type, known.CheckpointedFunction)) return false;
        return snapshotNames.GetOrAdd(type.OriginalDefinition, t => NamesReadBySnapshot(t, known)).Contains(field.Name);
    }

    /// <summary>Identifiers in the type's own SnapshotState bodies; empty when the type also has [Checkpointed] fields (then the generator writes SnapshotState).</summary>
    private static HashSet<string> NamesReadBySnapshot(INamedTypeSymbol type, KnownSymbols known)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol f && KnownSymbols.HasAttribute(f, known.CheckpointedAttribute)) return new HashSet<string>(StringComparer.Ordinal);
        }
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers("SnapshotState"))
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                foreach (var token in syntax.DescendantTokens())
                {
                    if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken)) names.Add(token.ValueText);
                }
                // Parameters and locals shadow fields of the same name (`SnapshotState(ISnapshotContext context)`
                // says nothing about a field `context`).
                foreach (var node in syntax.DescendantNodes())
                {
                    switch (node)
                    {
                        case Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax p: declared.Add(p.Identifier.ValueText); break;
                        case Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax v: declared.Add(v.Identifier.ValueText); break;
                        case Microsoft.CodeAnalysis.CSharp.Syntax.SingleVariableDesignationSyntax d: declared.Add(d.Identifier.ValueText); break;
                        case Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax f: declared.Add(f.Identifier.ValueText); break;
                    }
                }
            }
        }
        names.ExceptWith(declared);
        return names;
    }
}
