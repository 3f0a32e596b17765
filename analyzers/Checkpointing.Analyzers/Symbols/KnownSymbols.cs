using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Analyzers.Symbols;

/// <summary>
/// Every type the rules recognise, resolved by metadata name once per compilation, plus per-compilation caches.
/// Types the runtime does not have yet (or that a test stubs out) are simply null and their rules stay quiet.
/// </summary>
internal sealed class KnownSymbols
{
    private readonly ConcurrentDictionary<IFieldSymbol, bool> checkpointedFields = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> typesWithState = new(SymbolEqualityComparer.Default);

    /// <summary>Fields found to hold only the checkpoint lock (see <c>Locks.LockFields</c>).</summary>
    public ConcurrentDictionary<IFieldSymbol, bool> LockFieldCache { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Which of this compilation's methods change their own object (see <c>Mutations.MethodSummaries</c>).</summary>
    public Mutations.MethodSummaries Summaries { get; } = new();

    /// <summary>Which delegate parameters of this compilation's methods are run before the method returns.</summary>
    public Locks.InvokedParameters InvokedParameters { get; } = new();

    private KnownSymbols(Compilation compilation, INamedTypeSymbol checkpointed)
    {
        Compilation = compilation;
        CheckpointedAttribute = checkpointed;
        RequiresCheckpointLockAttribute = Resolve(compilation, "Checkpointing.RequiresCheckpointLockAttribute");
        SourceContext = Resolve(compilation, "Checkpointing.ISourceContext`1");
        SourceFunction = Resolve(compilation, "Checkpointing.ISourceFunction`1");
        SinkFunction = Resolve(compilation, "Checkpointing.ISinkFunction`1");
        CheckpointedFunction = Resolve(compilation, "Checkpointing.ICheckpointedFunction");
        ListCheckpointed = Resolve(compilation, "Checkpointing.IListCheckpointed`1");
        CheckpointListener = Resolve(compilation, "Checkpointing.ICheckpointListener");
        TwoPhaseCommitSink = Resolve(compilation, "Checkpointing.TwoPhaseCommitSinkFunction`2");
        DataStream = Resolve(compilation, "Checkpointing.DataStream`1");
        RichFunction = Resolve(compilation, "Checkpointing.RichFunction");
        SnapshotInfo = Resolve(compilation, "Checkpointing.SnapshotInfo");
        RestoreInfo = Resolve(compilation, "Checkpointing.RestoreInfo");
        Monitor = compilation.GetTypeByMetadataName("System.Threading.Monitor");
        ThreadingLock = compilation.GetTypeByMetadataName("System.Threading.Lock");
        Span = compilation.GetTypeByMetadataName("System.Span`1");
        Memory = compilation.GetTypeByMetadataName("System.Memory`1");
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol CheckpointedAttribute { get; }
    public INamedTypeSymbol? RequiresCheckpointLockAttribute { get; }
    public INamedTypeSymbol? SourceContext { get; }
    public INamedTypeSymbol? SourceFunction { get; }
    public INamedTypeSymbol? SinkFunction { get; }
    public INamedTypeSymbol? CheckpointedFunction { get; }
    public INamedTypeSymbol? ListCheckpointed { get; }
    public INamedTypeSymbol? CheckpointListener { get; }
    public INamedTypeSymbol? TwoPhaseCommitSink { get; }
    public INamedTypeSymbol? DataStream { get; }
    public INamedTypeSymbol? RichFunction { get; }
    public INamedTypeSymbol? SnapshotInfo { get; }
    public INamedTypeSymbol? RestoreInfo { get; }
    public INamedTypeSymbol? Monitor { get; }
    public INamedTypeSymbol? ThreadingLock { get; }
    public INamedTypeSymbol? Span { get; }
    public INamedTypeSymbol? Memory { get; }

    /// <summary>
    /// <c>Span&lt;T&gt;</c> or <c>Memory&lt;T&gt;</c>: a value that views memory elsewhere and can write it, so a local of
    /// this type aliases the array or list it was made from (ReadOnlySpan and ReadOnlyMemory cannot write).
    /// </summary>
    public bool IsWritableView(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named &&
        (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Span) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Memory));

    /// <summary>Null when the compilation does not see the runtime: then there is nothing to check.</summary>
    public static KnownSymbols? TryCreate(Compilation compilation)
    {
        var checkpointed = Resolve(compilation, "Checkpointing.CheckpointedAttribute");
        return checkpointed is null ? null : new KnownSymbols(compilation, checkpointed);
    }

    // The compilation's own declaration wins over a referenced one, so a test stub or a
    // type added to the runtime later never makes the lookup ambiguous (null).
    private static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName) =>
        compilation.Assembly.GetTypeByMetadataName(metadataName) ?? compilation.GetTypeByMetadataName(metadataName);

    /// <summary>
    /// A <c>[Checkpointed]</c> field, or — in a hand-written <c>IListCheckpointed&lt;T&gt;</c>/<c>ICheckpointedFunction</c>
    /// without such fields (the CounterSource of Flink's documentation) — an instance field its own SnapshotState
    /// reads: that is the state.
    /// </summary>
    public bool IsCheckpointed(IFieldSymbol field) =>
        checkpointedFields.GetOrAdd(field.OriginalDefinition, f => HasAttribute(f, CheckpointedAttribute) || IsSnapshottedByHand(f));

    public string StateLabel(ISymbol state) =>
        Diagnostics.Messages.StateLabel(state.Name, state is not IFieldSymbol field || HasAttribute(field.OriginalDefinition, CheckpointedAttribute));

    private readonly HandWrittenState handWritten = new();

    private bool IsSnapshottedByHand(IFieldSymbol field) => handWritten.IsState(field, this);

    /// <summary>The checkpointed backing field of an auto-property (<c>[field: Checkpointed]</c>), if any.</summary>
    public IFieldSymbol? CheckpointedBackingField(IPropertySymbol property) =>
        property.IsIndexer ? null : backingFields.GetOrAdd(property.OriginalDefinition, FindBackingField);

    private readonly ConcurrentDictionary<IPropertySymbol, IFieldSymbol?> backingFields = new(SymbolEqualityComparer.Default);

    private IFieldSymbol? FindBackingField(IPropertySymbol property)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property.OriginalDefinition) && IsCheckpointed(field))
                return field;
        }
        return null;
    }

    /// <summary>True when the type declares checkpointed fields or is a function the runtime snapshots.</summary>
    public bool HasCheckpointedState(INamedTypeSymbol type) =>
        typesWithState.GetOrAdd(type.OriginalDefinition, ComputeHasState);

    private bool ComputeHasState(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol field && IsCheckpointed(field)) return true;
        }
        return Implements(type, CheckpointedFunction) || Implements(type, ListCheckpointed);
    }

    public bool IsSourceContext(ITypeSymbol? type) =>
        type is not null && SourceContext is not null &&
        (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, SourceContext) || Implements(type, SourceContext));

    private readonly ConcurrentDictionary<IMethodSymbol, bool> requiresLock = new(SymbolEqualityComparer.Default);

    /// <summary>Asked for every call in analysed bodies, so the attribute walk is cached per method.</summary>
    public bool RequiresLock(IMethodSymbol method) =>
        RequiresCheckpointLockAttribute is not null && requiresLock.GetOrAdd(method.OriginalDefinition, ComputeRequiresLock);

    private bool ComputeRequiresLock(IMethodSymbol method)
    {
        if (RequiresCheckpointLockAttribute is null) return false;
        // Inherited = true on the attribute: an override of a REQUIRES method requires too.
        for (var m = method.OriginalDefinition; m is not null; m = m.OverriddenMethod?.OriginalDefinition)
        {
            if (HasAttribute(m, RequiresCheckpointLockAttribute)) return true;
        }
        return false;
    }

    public static bool Implements(ITypeSymbol type, INamedTypeSymbol? iface)
    {
        if (iface is null) return false;
        foreach (var i in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, iface)) return true;
        }
        return false;
    }

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var a in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) return true;
        }
        return false;
    }
}
