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

    /// <summary>Handed to the runtime, which runs it under the checkpoint lock (DataStream.Map), or to our own method that runs it under that lock.</summary>
    RuntimeHeld,

    /// <summary>Run now by our own method under a lock it takes on another argument: held when that argument is the checkpoint lock.</summary>
    HeldIfLockArgument,
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

    public static DelegateKind Classify(IOperation delegateOperation, KnownSymbols known) => Classify(delegateOperation, known, out _);

    /// <param name="lockArgument">For <see cref="DelegateKind.HeldIfLockArgument"/>: the argument the callee locks.</param>
    public static DelegateKind Classify(IOperation delegateOperation, KnownSymbols known, out IOperation? lockArgument)
    {
        lockArgument = null;
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
        if (argument.Parameter is not { } parameter) return DelegateKind.Escapes;
        var (run, locked) = known.InvokedParameters.Classify(parameter, known, CancellationToken.None);
        switch (run)
        {
            case ParameterRun.Immediately:
                return DelegateKind.Synchronous;
            case ParameterRun.UnderCheckpointLock:
                return DelegateKind.RuntimeHeld;
            case ParameterRun.UnderParameterLock:
                foreach (var other in invocation.Arguments)
                {
                    if (other.Parameter?.Ordinal == locked) lockArgument = other.Value;
                }
                return lockArgument is null ? DelegateKind.Synchronous : DelegateKind.HeldIfLockArgument;
            default:
                return DelegateKind.Escapes;
        }
    }
}
