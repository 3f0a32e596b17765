using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// The types the parsers recognise, resolved once per compilation (as the analyzers' <c>Symbols/KnownSymbols.cs</c>
/// does) and then compared as symbols, never by name. A type the compilation does not see simply matches nothing.
/// </summary>
internal sealed class WellKnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, WellKnownTypes> PerCompilation = new();

    private readonly Dictionary<INamedTypeSymbol, FrameworkShape> frameworkShapes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> tuples = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> listCheckpointed = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> twoPhaseCommitSinks = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> messagePackObjectAttributes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> snapshotContexts = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> restoreContexts = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> generatedCodeAttributes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> readOnlyLists = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> checkpointedAttributes = new(SymbolEqualityComparer.Default);

    private WellKnownTypes(Compilation compilation)
    {
        void Add(string metadataName, FrameworkShape shape)
        {
            foreach (var type in compilation.GetTypesByMetadataName(metadataName)) frameworkShapes[type] = shape;
        }
        void AddTo(HashSet<INamedTypeSymbol> set, string metadataName) => set.UnionWith(compilation.GetTypesByMetadataName(metadataName));

        foreach (var name in new[] { "System.Guid", "System.TimeSpan", "System.DateTimeOffset", "System.Uri", "System.Version" })
            Add(name, new FrameworkShape(ShapeKind.Builtin));
        Add("System.DateOnly", FrameworkShape.Runtime("DateOnlyFormatter"));
        Add("System.TimeOnly", FrameworkShape.Runtime("TimeOnlyFormatter"));
        Add("System.Numerics.BigInteger", FrameworkShape.Runtime("BigIntegerFormatter"));
        Add("System.ReadOnlyMemory`1", FrameworkShape.Runtime("ReadOnlyMemoryByteFormatter", onlyOfBytes: true));
        Add("System.Nullable`1", new FrameworkShape(ShapeKind.Nullable, Parts: [""]));
        Add("System.Collections.Generic.KeyValuePair`2", new FrameworkShape(ShapeKind.KeyValuePair, Parts: [".Key", ".Value"]));
        Add("System.Collections.Immutable.ImmutableArray`1", new FrameworkShape(ShapeKind.ImmutableArray, Parts: ["[]"]));

        // Interfaces are read back as the collection the builder makes (an IList<T> as a List<T>).
        foreach (var (builder, names) in new[]
        {
            ("List", new[] { "System.Collections.Generic.List`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1",
                "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1" }),
            ("HashSet", new[] { "System.Collections.Generic.HashSet`1", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1" }),
            ("SortedSet", new[] { "System.Collections.Generic.SortedSet`1" }),
            ("Queue", new[] { "System.Collections.Generic.Queue`1" }),
            ("Stack", new[] { "System.Collections.Generic.Stack`1" }),
            ("LinkedList", new[] { "System.Collections.Generic.LinkedList`1" }),
            ("ImmutableList", new[] { "System.Collections.Immutable.ImmutableList`1", "System.Collections.Immutable.IImmutableList`1" }),
            ("ImmutableHashSet", new[] { "System.Collections.Immutable.ImmutableHashSet`1", "System.Collections.Immutable.IImmutableSet`1" }),
            ("ImmutableQueue", new[] { "System.Collections.Immutable.ImmutableQueue`1", "System.Collections.Immutable.IImmutableQueue`1" }),
        })
            foreach (var name in names) Add(name, new FrameworkShape(ShapeKind.Sequence, builder, ["[]"]));

        foreach (var (builder, names) in new[]
        {
            ("Dictionary", new[] { "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.IReadOnlyDictionary`2" }),
            ("SortedDictionary", new[] { "System.Collections.Generic.SortedDictionary`2" }),
            ("SortedList", new[] { "System.Collections.Generic.SortedList`2" }),
            ("ConcurrentDictionary", new[] { "System.Collections.Concurrent.ConcurrentDictionary`2" }),
            ("ImmutableDictionary", new[] { "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.IImmutableDictionary`2" }),
            ("ImmutableSortedDictionary", new[] { "System.Collections.Immutable.ImmutableSortedDictionary`2" }),
        })
            foreach (var name in names) Add(name, new FrameworkShape(ShapeKind.Map, builder, [".Key", ".Value"]));

        // Arity 8 is recognised so that it fails with "more than 7 items" rather than as an unknown framework type.
        for (var arity = 1; arity <= 8; arity++)
        {
            AddTo(tuples, "System.ValueTuple`" + arity);
            AddTo(tuples, "System.Tuple`" + arity);
        }

        AddTo(listCheckpointed, "Checkpointing.IListCheckpointed`1");
        AddTo(twoPhaseCommitSinks, "Checkpointing.TwoPhaseCommitSinkFunction`2");
        AddTo(messagePackObjectAttributes, "MessagePack.MessagePackObjectAttribute");
        AddTo(snapshotContexts, "Checkpointing.ISnapshotContext");
        AddTo(restoreContexts, "Checkpointing.IRestoreContext");
        AddTo(generatedCodeAttributes, "System.CodeDom.Compiler.GeneratedCodeAttribute");
        AddTo(readOnlyLists, "System.Collections.Generic.IReadOnlyList`1");
        AddTo(checkpointedAttributes, CheckpointedMembers.AttributeMetadataName);
    }

    public static WellKnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new WellKnownTypes(c));

    /// <summary>How a framework type the runtime has a formatter for is written, by its generic definition; null for any other type.</summary>
    public FrameworkShape? FrameworkShapeOf(INamedTypeSymbol definition) =>
        frameworkShapes.TryGetValue(definition, out var shape) ? shape : null;

    public bool IsTuple(INamedTypeSymbol definition) => tuples.Contains(definition);

    /// <summary><c>IListCheckpointed&lt;T&gt;</c> (any construction).</summary>
    public bool IsListCheckpointed(INamedTypeSymbol type) => listCheckpointed.Contains(type.OriginalDefinition);

    /// <summary><c>TwoPhaseCommitSinkFunction&lt;TIn, TTransaction&gt;</c> (any construction).</summary>
    public bool IsTwoPhaseCommitSink(INamedTypeSymbol type) => twoPhaseCommitSinks.Contains(type.OriginalDefinition);

    /// <summary>The parameter type of <c>SnapshotState</c>.</summary>
    public bool IsSnapshotContext(ITypeSymbol type) => type is INamedTypeSymbol named && snapshotContexts.Contains(named);

    /// <summary>The parameter type of <c>RestoreState</c>.</summary>
    public bool IsRestoreContext(ITypeSymbol type) => type is INamedTypeSymbol named && restoreContexts.Contains(named);

    /// <summary><c>[GeneratedCode]</c>, with which the generator marks what it writes.</summary>
    public bool IsGeneratedCodeAttribute(INamedTypeSymbol? type) => type is not null && generatedCodeAttributes.Contains(type);

    /// <summary><c>IReadOnlyList&lt;T&gt;</c> (any construction), the parameter of a Merge method.</summary>
    public bool IsReadOnlyList(INamedTypeSymbol type) => readOnlyLists.Contains(type.OriginalDefinition);

    /// <summary><c>[Checkpointed]</c>: the runtime's attribute, the one the generator's attribute index is keyed by.</summary>
    public bool IsCheckpointedAttribute(AttributeData attribute) =>
        attribute.AttributeClass is { } type && checkpointedAttributes.Contains(type);

    public bool IsMessagePackObject(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass is { } attribute && messagePackObjectAttributes.Contains(attribute));
}

/// <summary>What a recognised framework type becomes: its kind, the runtime formatter or builder it names, and the path suffix of each type argument.</summary>
/// <param name="OnlyOfBytes">Recognised only with the type argument <c>byte</c> (<c>ReadOnlyMemory&lt;byte&gt;</c>).</param>
internal sealed record FrameworkShape(ShapeKind Kind, string? Name = null, string[]? Parts = null, bool OnlyOfBytes = false)
{
    public static FrameworkShape Runtime(string formatter, bool onlyOfBytes = false) => new(ShapeKind.RuntimeInstance, formatter, null, onlyOfBytes);
}
