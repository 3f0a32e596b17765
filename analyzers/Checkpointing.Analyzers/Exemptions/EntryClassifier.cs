using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Exemptions;

/// <summary>Decides, from a method's symbol alone, whether its body starts with the lock held (docs/api.md §3).</summary>
internal static class EntryClassifier
{
    public static UnitKind Classify(IMethodSymbol method, KnownSymbols known)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Constructor:
            case MethodKind.StaticConstructor:
                return UnitKind.Exempt;
            case MethodKind.LocalFunction:
                return UnitKind.Helper;
            case MethodKind.AnonymousFunction:
                return UnitKind.Normal;
        }

        if (known.RequiresLock(method)) return UnitKind.HeldAtEntry;

        // The generator's partial hooks: OnSnapshot runs first in SnapshotState (under the lock),
        // OnRestored runs last in RestoreState (before Open, no other thread yet).
        if (method.Parameters.Length == 1)
        {
            var parameterType = method.Parameters[0].Type;
            if (method.Name == "OnSnapshot" && SymbolEqualityComparer.Default.Equals(parameterType, known.SnapshotInfo)) return UnitKind.HeldAtEntry;
            if (method.Name == "OnRestored" && SymbolEqualityComparer.Default.Equals(parameterType, known.RestoreInfo)) return UnitKind.Exempt;
        }

        switch (method.Name)
        {
            case "Open" when Overrides(method, known.RichFunction, "Open"):
                return UnitKind.Exempt;
            case "Invoke" when Implements(method, known.SinkFunction) || Overrides(method, known.TwoPhaseCommitSink, "Invoke"):
            case "SnapshotState" or "RestoreState" when Implements(method, known.CheckpointedFunction) || Implements(method, known.ListCheckpointed):
            case "NotifyCheckpointComplete" or "NotifyCheckpointAborted" when Implements(method, known.CheckpointListener):
            // RecoverAnd* run from RestoreState, the others from Invoke, SnapshotState and the listener methods.
            case "BeginTransaction" or "PreCommit" or "Commit" or "Abort" or "RecoverAndCommit" or "RecoverAndAbort"
                when Overrides(method, known.TwoPhaseCommitSink, method.Name):
                return UnitKind.HeldAtEntry;
        }

        if (method.DeclaredAccessibility == Accessibility.Private && method.MethodKind == MethodKind.Ordinary &&
            !method.IsOverride && method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return UnitKind.Helper;
        }

        return UnitKind.Normal;
    }

    private static bool Overrides(IMethodSymbol method, INamedTypeSymbol? baseType, string name)
    {
        if (baseType is null) return false;
        for (var m = method.OverriddenMethod; m is not null; m = m.OverriddenMethod)
        {
            if (m.Name == name && SymbolEqualityComparer.Default.Equals(m.ContainingType.OriginalDefinition, baseType)) return true;
        }
        return false;
    }

    /// <summary>True when the method implements a member of the same name of the given (generic) interface.</summary>
    private static bool Implements(IMethodSymbol method, INamedTypeSymbol? iface)
    {
        if (iface is null) return false;
        var type = method.ContainingType;
        foreach (var i in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, iface)) continue;
            foreach (var member in i.GetMembers(method.Name))
            {
                var implementation = type.FindImplementationForInterfaceMember(member);
                if (SymbolEqualityComparer.Default.Equals(implementation, method)) return true;
                // An override of an abstract base implementation (RichSinkFunction.Invoke) implements it too.
                for (var m = method.OverriddenMethod; m is not null; m = m.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(implementation, m)) return true;
                }
            }
        }
        return false;
    }
}
