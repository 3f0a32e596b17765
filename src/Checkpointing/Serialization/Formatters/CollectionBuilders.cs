using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Checkpointing.Serialization.Formatters;

/// <summary>Hands the elements of one collection being read to a <see cref="CollectionBuilder{T, TCollection}"/>, in written order.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IElementSource<out T>
{
    /// <summary>Reads the next element.</summary>
    T Next();
}

/// <summary>
/// Builds one collection type from <c>count</c> elements read straight from their source (a MessagePack reader, or a
/// state's units), with no list in between: a dictionary restored from 100k units is filled as they are decoded.
/// Covariant in the collection, so the builder of <c>List&lt;T&gt;</c> serves a field declared <c>IReadOnlyList&lt;T&gt;</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICollectionBuilder<T, out TCollection>
{
    /// <summary>Reads exactly <paramref name="count"/> elements from <paramref name="source"/> into a new collection.</summary>
    TCollection Build<TSource>(int count, ref TSource source) where TSource : IElementSource<T>, allows ref struct;
}

/// <summary>The base of the builders in <see cref="CollectionBuilders"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class CollectionBuilder<T, TCollection> : ICollectionBuilder<T, TCollection>
{
    /// <inheritdoc />
    public abstract TCollection Build<TSource>(int count, ref TSource source) where TSource : IElementSource<T>, allows ref struct;
}

/// <summary>
/// The builder of each supported collection type, from the elements in the order they were written. Interface types
/// get their natural concrete type (<c>IList&lt;T&gt;</c> → <c>List&lt;T&gt;</c>, <c>ISet&lt;T&gt;</c> →
/// <c>HashSet&lt;T&gt;</c>, <c>IDictionary&lt;K,V&gt;</c> → <c>Dictionary&lt;K,V&gt;</c>). Generated code names them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CollectionBuilders
{
    /// <summary>An array.</summary>
    public static CollectionBuilder<T, T[]> Array<T>() => ArrayBuilder<T>.Instance;

    /// <summary>An <c>ImmutableArray</c>.</summary>
    public static CollectionBuilder<T, ImmutableArray<T>> ImmutableArray<T>() => ImmutableArrayBuilder<T>.Instance;

    /// <summary>A <c>List</c>.</summary>
    public static CollectionBuilder<T, List<T>> List<T>() => ListBuilder<T>.Instance;

    /// <summary>A <c>HashSet</c>.</summary>
    public static CollectionBuilder<T, HashSet<T>> HashSet<T>() => HashSetBuilder<T>.Instance;

    /// <summary>A <c>SortedSet</c> with the default comparer.</summary>
    public static CollectionBuilder<T, SortedSet<T>> SortedSet<T>() => SortedSetBuilder<T>.Instance;

    /// <summary>A <c>Queue</c>: the first element written is dequeued first again.</summary>
    public static CollectionBuilder<T, Queue<T>> Queue<T>() => QueueBuilder<T>.Instance;

    /// <summary>A <c>Stack</c>: elements were written top first, so they are pushed back bottom first.</summary>
    public static CollectionBuilder<T, Stack<T>> Stack<T>() => StackBuilder<T>.Instance;

    /// <summary>A <c>LinkedList</c>.</summary>
    public static CollectionBuilder<T, LinkedList<T>> LinkedList<T>() => LinkedListBuilder<T>.Instance;

    /// <summary>An <c>ImmutableList</c>.</summary>
    public static CollectionBuilder<T, ImmutableList<T>> ImmutableList<T>() => ImmutableListBuilder<T>.Instance;

    /// <summary>An <c>ImmutableHashSet</c>.</summary>
    public static CollectionBuilder<T, ImmutableHashSet<T>> ImmutableHashSet<T>() => ImmutableHashSetBuilder<T>.Instance;

    /// <summary>An <c>ImmutableQueue</c>.</summary>
    public static CollectionBuilder<T, ImmutableQueue<T>> ImmutableQueue<T>() => ImmutableQueueBuilder<T>.Instance;

    /// <summary>A <c>Dictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, Dictionary<TKey, TValue>> Dictionary<TKey, TValue>() where TKey : notnull =>
        DictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>A <c>SortedDictionary</c> with the default comparer; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, SortedDictionary<TKey, TValue>> SortedDictionary<TKey, TValue>() where TKey : notnull =>
        SortedDictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>A <c>SortedList</c> with the default comparer; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, SortedList<TKey, TValue>> SortedList<TKey, TValue>() where TKey : notnull =>
        SortedListBuilder<TKey, TValue>.Instance;

    /// <summary>A <c>ConcurrentDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ConcurrentDictionary<TKey, TValue>> ConcurrentDictionary<TKey, TValue>() where TKey : notnull =>
        ConcurrentDictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>An <c>ImmutableDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>> ImmutableDictionary<TKey, TValue>() where TKey : notnull =>
        ImmutableDictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>An <c>ImmutableSortedDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>> ImmutableSortedDictionary<TKey, TValue>() where TKey : notnull =>
        ImmutableSortedDictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>The elements in an array, for the collections that need all of them before they are built.</summary>
    private static T[] ReadAll<T, TSource>(int count, ref TSource source) where TSource : IElementSource<T>, allows ref struct
    {
        var items = new T[count];
        for (var i = 0; i < count; i++) items[i] = source.Next();
        return items;
    }

    private sealed class ArrayBuilder<T> : CollectionBuilder<T, T[]>
    {
        public static readonly ArrayBuilder<T> Instance = new();

        public override T[] Build<TSource>(int count, ref TSource source) => ReadAll<T, TSource>(count, ref source);
    }

    private sealed class ImmutableArrayBuilder<T> : CollectionBuilder<T, ImmutableArray<T>>
    {
        public static readonly ImmutableArrayBuilder<T> Instance = new();

        public override ImmutableArray<T> Build<TSource>(int count, ref TSource source)
        {
            var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<T>(count);
            for (var i = 0; i < count; i++) builder.Add(source.Next());
            return builder.MoveToImmutable();
        }
    }

    private sealed class ListBuilder<T> : CollectionBuilder<T, List<T>>
    {
        public static readonly ListBuilder<T> Instance = new();

        public override List<T> Build<TSource>(int count, ref TSource source)
        {
            // Filled in place: the list's count is set first and its span written, with no capacity check per element.
            var list = new List<T>(count);
            CollectionsMarshal.SetCount(list, count);
            var items = CollectionsMarshal.AsSpan(list);
            for (var i = 0; i < items.Length; i++) items[i] = source.Next();
            return list;
        }
    }

    private sealed class HashSetBuilder<T> : CollectionBuilder<T, HashSet<T>>
    {
        public static readonly HashSetBuilder<T> Instance = new();

        public override HashSet<T> Build<TSource>(int count, ref TSource source)
        {
            var set = new HashSet<T>(count);
            for (var i = 0; i < count; i++) set.Add(source.Next());
            return set;
        }
    }

    private sealed class SortedSetBuilder<T> : CollectionBuilder<T, SortedSet<T>>
    {
        public static readonly SortedSetBuilder<T> Instance = new();

        public override SortedSet<T> Build<TSource>(int count, ref TSource source)
        {
            var set = new SortedSet<T>();
            for (var i = 0; i < count; i++) set.Add(source.Next());
            return set;
        }
    }

    private sealed class QueueBuilder<T> : CollectionBuilder<T, Queue<T>>
    {
        public static readonly QueueBuilder<T> Instance = new();

        public override Queue<T> Build<TSource>(int count, ref TSource source)
        {
            var queue = new Queue<T>(count);
            for (var i = 0; i < count; i++) queue.Enqueue(source.Next());
            return queue;
        }
    }

    private sealed class StackBuilder<T> : CollectionBuilder<T, Stack<T>>
    {
        public static readonly StackBuilder<T> Instance = new();

        public override Stack<T> Build<TSource>(int count, ref TSource source)
        {
            var items = ReadAll<T, TSource>(count, ref source);
            var stack = new Stack<T>(count);
            for (var i = items.Length - 1; i >= 0; i--) stack.Push(items[i]);
            return stack;
        }
    }

    private sealed class LinkedListBuilder<T> : CollectionBuilder<T, LinkedList<T>>
    {
        public static readonly LinkedListBuilder<T> Instance = new();

        public override LinkedList<T> Build<TSource>(int count, ref TSource source)
        {
            var list = new LinkedList<T>();
            for (var i = 0; i < count; i++) list.AddLast(source.Next());
            return list;
        }
    }

    private sealed class ImmutableListBuilder<T> : CollectionBuilder<T, ImmutableList<T>>
    {
        public static readonly ImmutableListBuilder<T> Instance = new();

        public override ImmutableList<T> Build<TSource>(int count, ref TSource source)
        {
            var builder = System.Collections.Immutable.ImmutableList.CreateBuilder<T>();
            for (var i = 0; i < count; i++) builder.Add(source.Next());
            return builder.ToImmutable();
        }
    }

    private sealed class ImmutableHashSetBuilder<T> : CollectionBuilder<T, ImmutableHashSet<T>>
    {
        public static readonly ImmutableHashSetBuilder<T> Instance = new();

        public override ImmutableHashSet<T> Build<TSource>(int count, ref TSource source)
        {
            var builder = System.Collections.Immutable.ImmutableHashSet.CreateBuilder<T>();
            for (var i = 0; i < count; i++) builder.Add(source.Next());
            return builder.ToImmutable();
        }
    }

    private sealed class ImmutableQueueBuilder<T> : CollectionBuilder<T, ImmutableQueue<T>>
    {
        public static readonly ImmutableQueueBuilder<T> Instance = new();

        public override ImmutableQueue<T> Build<TSource>(int count, ref TSource source) =>
            System.Collections.Immutable.ImmutableQueue.Create(ReadAll<T, TSource>(count, ref source));
    }

    /// <summary>The dictionaries: each entry read is stored under its key, so a repeated key keeps its last value.</summary>
    private abstract class MapBuilder<TKey, TValue, TMap> : CollectionBuilder<KeyValuePair<TKey, TValue>, TMap>
    {
        protected abstract TMap Create(int count);

        protected abstract void Set(TMap map, TKey key, TValue value);

        public override TMap Build<TSource>(int count, ref TSource source)
        {
            var map = Create(count);
            for (var i = 0; i < count; i++)
            {
                var entry = source.Next();
                Set(map, entry.Key, entry.Value);
            }
            return map;
        }
    }

    private sealed class DictionaryBuilder<TKey, TValue> : CollectionBuilder<KeyValuePair<TKey, TValue>, Dictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly DictionaryBuilder<TKey, TValue> Instance = new();

        // Written out rather than through MapBuilder: the most common map, and its Set is then a direct call.
        public override Dictionary<TKey, TValue> Build<TSource>(int count, ref TSource source)
        {
            var map = new Dictionary<TKey, TValue>(count);
            for (var i = 0; i < count; i++)
            {
                var entry = source.Next();
                map[entry.Key] = entry.Value;
            }
            return map;
        }
    }

    private sealed class SortedDictionaryBuilder<TKey, TValue> : MapBuilder<TKey, TValue, SortedDictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly SortedDictionaryBuilder<TKey, TValue> Instance = new();

        protected override SortedDictionary<TKey, TValue> Create(int count) => new();

        protected override void Set(SortedDictionary<TKey, TValue> map, TKey key, TValue value) => map[key] = value;
    }

    private sealed class SortedListBuilder<TKey, TValue> : MapBuilder<TKey, TValue, SortedList<TKey, TValue>> where TKey : notnull
    {
        public static readonly SortedListBuilder<TKey, TValue> Instance = new();

        protected override SortedList<TKey, TValue> Create(int count) => new(count);

        protected override void Set(SortedList<TKey, TValue> map, TKey key, TValue value) => map[key] = value;
    }

    private sealed class ConcurrentDictionaryBuilder<TKey, TValue> : MapBuilder<TKey, TValue, ConcurrentDictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly ConcurrentDictionaryBuilder<TKey, TValue> Instance = new();

        protected override ConcurrentDictionary<TKey, TValue> Create(int count) => new();

        protected override void Set(ConcurrentDictionary<TKey, TValue> map, TKey key, TValue value) => map[key] = value;
    }

    private sealed class ImmutableDictionaryBuilder<TKey, TValue> : CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly ImmutableDictionaryBuilder<TKey, TValue> Instance = new();

        public override ImmutableDictionary<TKey, TValue> Build<TSource>(int count, ref TSource source)
        {
            var builder = System.Collections.Immutable.ImmutableDictionary.CreateBuilder<TKey, TValue>();
            for (var i = 0; i < count; i++)
            {
                var entry = source.Next();
                builder[entry.Key] = entry.Value;
            }
            return builder.ToImmutable();
        }
    }

    private sealed class ImmutableSortedDictionaryBuilder<TKey, TValue> : CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly ImmutableSortedDictionaryBuilder<TKey, TValue> Instance = new();

        public override ImmutableSortedDictionary<TKey, TValue> Build<TSource>(int count, ref TSource source)
        {
            var builder = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<TKey, TValue>();
            for (var i = 0; i < count; i++)
            {
                var entry = source.Next();
                builder[entry.Key] = entry.Value;
            }
            return builder.ToImmutable();
        }
    }
}
