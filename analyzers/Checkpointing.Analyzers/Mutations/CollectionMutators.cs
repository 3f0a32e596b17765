using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Mutations;

/// <summary>
/// Methods that change the collection they are called on. Matched by name on any mutable collection type
/// (generic, concurrent, object-model, user-defined); immutable collections return a new value instead,
/// so there the change is the assignment of the result, which is caught as an assignment.
/// </summary>
internal static class CollectionMutators
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Insert", "InsertRange",
        "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "RemoveFirst", "RemoveLast", "Clear",
        "Enqueue", "EnqueueRange", "Dequeue", "TryDequeue", "Push", "PushRange", "Pop", "TryPop", "TryPopRange",
        "TryAdd", "TryRemove", "TryTake", "TryUpdate", "AddOrUpdate", "GetOrAdd", "Take",
        "Sort", "Reverse", "UnionWith", "IntersectWith", "ExceptWith", "SymmetricExceptWith", "TrimExcess",
        "Set", "SetAll", "CopyFrom", "Fill", "Resize",
    };

    public static bool IsMutatorName(string name) => Names.Contains(name);

    public static bool IsMutator(IMethodSymbol method)
    {
        if (method.IsStatic || !Names.Contains(method.Name)) return false;
        var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? "";
        // ImmutableList<T>.Add etc. return a new collection and leave the receiver unchanged.
        return !ns.StartsWith("System.Collections.Immutable", StringComparison.Ordinal) &&
               method.ContainingType?.SpecialType != SpecialType.System_String;
    }
}
