using System.Collections.Immutable;
using System.ComponentModel;
using System.Runtime.InteropServices;
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
    /// Hands a collection field whose units never change (the generator proved their type immutable) to its state:
    /// under the checkpoint lock only the collection is copied (<paramref name="copy"/>; an immutable collection is
    /// kept as it is), and the units are serialized after the lock is released. Any other context gets them at once.
    /// </summary>
    public static void Capture<T>(ISnapshotContext context, ListStateDescriptor<T> state, IEnumerable<T>? collection, bool copy)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context is not IDeferredSerialization deferred)
        {
            context.AddRange(state, Of(collection));
            return;
        }
        deferred.AddUnchanging(state, copy ? CopyOf(collection) : AsCollection(collection));
    }

    /// <summary>An <c>ImmutableArray</c> field of immutable units: its array is kept as it is, nothing is copied.</summary>
    public static void Capture<T>(ISnapshotContext context, ListStateDescriptor<T> state, ImmutableArray<T> collection, bool copy)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context is not IDeferredSerialization deferred)
        {
            context.AddRange(state, Of(collection));
            return;
        }
        deferred.AddUnchanging(state, collection.IsDefault ? [] : ImmutableCollectionsMarshal.AsArray(collection)!);
    }

    /// <summary>The elements in a new array: one block copy for a list or an array, CopyTo for any other collection.</summary>
    private static T[] CopyOf<T>(IEnumerable<T>? collection)
    {
        switch (collection)
        {
            case null: return [];
            case List<T> list: return CollectionsMarshal.AsSpan(list).ToArray();
            case T[] array: return array.AsSpan().ToArray();
            case ICollection<T> other:
                var copy = new T[other.Count];
                other.CopyTo(copy, 0);
                return copy;
            default: return [.. collection];
        }
    }

    private static IReadOnlyCollection<T> AsCollection<T>(IEnumerable<T>? collection) => collection switch
    {
        null => [],
        IReadOnlyCollection<T> sized => sized,
        _ => [.. collection],
    };

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
