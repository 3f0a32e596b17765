using System.Buffers;
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
        if (!copy)
        {
            deferred.AddUnchanging(state, AsCollection(collection));
            return;
        }
        var (pooled, count) = PooledCopyOf(collection);
        deferred.AddCopy(state, pooled, count);
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

    /// <summary>
    /// The elements in an array rented from the shared pool (so a checkpoint allocates no copy once the pool is warm):
    /// one block copy for a list or an array, CopyTo for any other collection.
    /// </summary>
    private static (T[] Pooled, int Count) PooledCopyOf<T>(IEnumerable<T>? collection)
    {
        ReadOnlySpan<T> span;
        switch (collection)
        {
            case null: return ([], 0);
            case List<T> list: span = CollectionsMarshal.AsSpan(list); break;
            case T[] array: span = array; break;
            case ICollection<T> other:
                var rented = ArrayPool<T>.Shared.Rent(other.Count);
                other.CopyTo(rented, 0);
                return (rented, other.Count);
            default: span = collection.ToArray(); break;
        }
        var pooled = ArrayPool<T>.Shared.Rent(span.Length);
        span.CopyTo(pooled);
        return (pooled, span.Length);
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
