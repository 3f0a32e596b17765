using System.Collections.Immutable;
using System.ComponentModel;
using Checkpointing.Serialization.Formatters;

namespace Checkpointing.Serialization.Generated;

/// <summary>Small helpers the generated <c>SnapshotState</c> uses to hand a collection field to its state.</summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StateUnits
{
    /// <summary>The elements of a collection field; a null field declares its state with no units.</summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T>? collection) => collection ?? [];

    /// <summary>The elements of an <c>ImmutableArray</c> field; the default (uninitialized) array has none.</summary>
    public static IEnumerable<T> Of<T>(ImmutableArray<T> collection) => collection.IsDefault ? [] : collection;

    /// <summary>
    /// Restores a collection field from its state: the units are decoded straight into the collection
    /// <paramref name="builder"/> makes. False when the checkpoint has no such state (a field added since).
    /// </summary>
    public static bool TryRestore<T, TCollection>(IRestoreContext context, ListStateDescriptor<T> state, ICollectionBuilder<T, TCollection> builder, out TCollection collection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(builder);
        if (context is ICollectionRestoring runtime) return runtime.TryBuild(state, builder, out collection);
        // Another context (a test double): build from the list it hands out.
        if (!context.TryGet(state, out var units))
        {
            collection = default!;
            return false;
        }
        var source = new ListSource<T>(units);
        collection = builder.Build(units.Count, ref source);
        return true;
    }

    private struct ListSource<T>(IReadOnlyList<T> units) : IElementSource<T>
    {
        private int next;

        public T Next() => units[next++];
    }
}
