using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Locks;

internal enum DelegateKind
{
    /// <summary>Stored, scheduled or otherwise run later, maybe on another thread: starts without the lock.</summary>
    Escapes,

    /// <summary>Run before the call returns, on this thread: inherits the locks held at the call.</summary>
    Synchronous,

    /// <summary>Handed to the runtime, which runs it under the checkpoint lock (DataStream.Map).</summary>
    RuntimeHeld,
}

/// <summary>Error Prone's rule for lambdas: no lock unless the callee is known to run the delegate immediately.</summary>
internal static class DelegateUsage
{
    private static readonly Dictionary<string, HashSet<string>> Synchronous = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = Set("ForEach", "RemoveAll", "Find", "FindAll", "FindIndex", "FindLast", "FindLastIndex", "Exists", "TrueForAll", "Sort", "ConvertAll"),
        ["System.Array"] = Set("ForEach", "Find", "FindAll", "FindIndex", "FindLast", "FindLastIndex", "Exists", "TrueForAll", "Sort", "ConvertAll"),
        // Only LINQ operators that consume the sequence before returning; Select/Where are lazy and escape.
        ["System.Linq.Enumerable"] = Set("All", "Any", "Count", "LongCount", "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault",
            "Sum", "Average", "Min", "Max", "MinBy", "MaxBy", "Aggregate", "ToDictionary", "ToLookup"),
        ["System.Collections.Generic.HashSet`1"] = Set("RemoveWhere"),
        ["System.Collections.Generic.SortedSet`1"] = Set("RemoveWhere"),
        ["System.Collections.Generic.CollectionExtensions"] = Set("GetValueOrDefault"),
        ["System.Collections.Concurrent.ConcurrentDictionary`2"] = Set("GetOrAdd", "AddOrUpdate"),
        ["System.Threading.LazyInitializer"] = Set("EnsureInitialized"),
        ["System.String"] = Set("Create"),
    };

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    public static DelegateKind Classify(IOperation delegateOperation, KnownSymbols known)
    {
        var op = delegateOperation.Parent;
        while (op is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            op = op.Parent;
        }
        if (op is not IArgumentOperation { Parent: IInvocationOperation invocation } argument) return DelegateKind.Escapes;
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null) return DelegateKind.Escapes;
        if (known.DataStream is not null && SymbolEqualityComparer.Default.Equals(type, known.DataStream) &&
            method.Name is "Map" or "Filter" or "FlatMap")
        {
            return DelegateKind.RuntimeHeld;
        }
        var name = type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
        if (Synchronous.TryGetValue(name, out var names) && names.Contains(method.Name)) return DelegateKind.Synchronous;
        return argument.Parameter is { } parameter && known.InvokedParameters.RunsImmediately(parameter, CancellationToken.None)
            ? DelegateKind.Synchronous
            : DelegateKind.Escapes;
    }
}
