using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// Types without checkpointed state are only analysed in bodies that touch checkpointed state or the lock at all,
/// so the control flow graph is built for a handful of methods per project, not for every method.
/// </summary>
internal static class Prefilter
{
    public static bool Interesting(IOperation root, KnownSymbols known)
    {
        foreach (var op in root.Descendants())
        {
            switch (op)
            {
                case IFieldReferenceOperation field when known.IsCheckpointed(field.Field):
                case IPropertyReferenceOperation property when known.CheckpointedBackingField(property.Property) is not null:
                case IInvocationOperation invocation when known.RequiresLock(invocation.TargetMethod):
                case IMethodReferenceOperation reference when known.RequiresLock(reference.Method):
                case ILockOperation:
                    return true;
                case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, known.Monitor):
                    return true;
            }
        }
        return false;
    }
}
