using Checkpointing.Analyzers.Locks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.CodeFixes.Shared;

/// <summary>
/// Chooses what to lock at a statement: an existing local copy of the lock (<c>var gate = ctx.CheckpointLock;</c>)
/// if one is in scope, else <c>x.CheckpointLock</c> of a context parameter, local, field or property in scope.
/// </summary>
internal static class LockExpressionFinder
{
    public static string? Find(SemanticModel model, StatementSyntax statement) => Find(model, statement.SpanStart);

    public static string? Find(SemanticModel model, int position)
    {
        var contextType = model.Compilation.GetTypeByMetadataName("Checkpointing.ISourceContext`1");
        if (contextType is null) return null;
        string? context = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            switch (symbol)
            {
                case ILocalSymbol local when DeclaredBefore(local, position):
                    if (IsLockCopy(local)) return local.Name;
                    if (context is null && IsContext(local.Type, contextType)) context = local.Name;
                    break;
                case IParameterSymbol parameter when context is null && IsContext(parameter.Type, contextType):
                    context = parameter.Name;
                    break;
            }
        }
        if (context is not null) return context + ".CheckpointLock";
        // A context stored in a field or property of the enclosing type (set in Run, used by helpers).
        var inStaticCode = model.GetEnclosingSymbol(position)?.IsStatic ?? true;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            // From static code only a static member is reachable without an instance.
            if (type is not null && IsContext(type, contextType) && (symbol.IsStatic || !inStaticCode))
                // A context kept in a nullable field is set by Run before helpers run; `!` keeps nullable-enabled code warning-free.
                return symbol.Name + (type.NullableAnnotation == NullableAnnotation.Annotated ? "!" : "") + ".CheckpointLock";
        }
        return null;
    }

    private static bool DeclaredBefore(ILocalSymbol local, int position)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.Span.End <= position) return true;
        }
        return false;
    }

    private static bool IsLockCopy(ILocalSymbol local)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1) return false;
        return local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value } &&
               LockFields.IsLockAccess(value);
    }

    private static bool IsContext(ITypeSymbol type, INamedTypeSymbol contextType)
    {
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contextType)) return true;
        foreach (var i in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, contextType)) return true;
        }
        return false;
    }
}
