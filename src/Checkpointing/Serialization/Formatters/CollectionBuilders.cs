using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Checkpointing.Serialization.Formatters;

/// <summary>Hands the elements of one collection being read to a <see cref="CollectionBuilder{T, TCollection}"/>, in written order.</summary>
/// <remarks>For generated code; not a user API.</remarks>
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
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICollectionBuilder<T, out TCollection>
{
    /// <summary>Reads exactly <paramref name="count"/> elements from <paramref name="source"/> into a new collection.</summary>
    TCollection Build<TSource>(int count, ref TSource source) where TSource : IElementSource<T>, allows ref struct;
}

/// <summary>The base of the builders in <see cref="CollectionBuilders"/>.</summary>
/// <remarks>For generated code; not a user API.</remarks>
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
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CollectionBuilders
{
    /// <summary>An array.</summary>
    public static CollectionBuilder<T, T[]> Array<T>() => ArrayBuilder<T>.Instance;

    /// <summary>A <c>List</c>.</summary>
    public static CollectionBuilder<T, List<T>> List<T>() => ListBuilder<T>.Instance;

    /// <summary>A <c>Dictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, Dictionary<TKey, TValue>> Dictionary<TKey, TValue>() where TKey : notnull =>
        DictionaryBuilder<TKey, TValue>.Instance;

    /// <summary>An <c>ImmutableArray</c>.</summary>
    public static CollectionBuilder<T, ImmutableArray<T>> ImmutableArray<T>() => Sequences<T>.ImmutableArray;

    /// <summary>A <c>HashSet</c>.</summary>
    public static CollectionBuilder<T, HashSet<T>> HashSet<T>() => Sequences<T>.HashSet;

    /// <summary>A <c>SortedSet</c> with the default comparer.</summary>
    public static CollectionBuilder<T, SortedSet<T>> SortedSet<T>() => Sequences<T>.SortedSet;

    /// <summary>A <c>Queue</c>: the first element written is dequeued first again.</summary>
    public static CollectionBuilder<T, Queue<T>> Queue<T>() => Sequences<T>.Queue;

    /// <summary>A <c>Stack</c>: elements were written top first, so they are pushed back bottom first.</summary>
    public static CollectionBuilder<T, Stack<T>> Stack<T>() => Sequences<T>.Stack;

    /// <summary>A <c>LinkedList</c>.</summary>
    public static CollectionBuilder<T, LinkedList<T>> LinkedList<T>() => Sequences<T>.LinkedList;

    /// <summary>An <c>ImmutableList</c>.</summary>
    public static CollectionBuilder<T, ImmutableList<T>> ImmutableList<T>() => Sequences<T>.ImmutableList;

    /// <summary>An <c>ImmutableHashSet</c>.</summary>
    public static CollectionBuilder<T, ImmutableHashSet<T>> ImmutableHashSet<T>() => Sequences<T>.ImmutableHashSet;

    /// <summary>An <c>ImmutableQueue</c>.</summary>
    public static CollectionBuilder<T, ImmutableQueue<T>> ImmutableQueue<T>() => Sequences<T>.ImmutableQueue;

    /// <summary>A <c>SortedDictionary</c> with the default comparer; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, SortedDictionary<TKey, TValue>> SortedDictionary<TKey, TValue>() where TKey : notnull =>
        Maps<TKey, TValue>.SortedDictionary;

    /// <summary>A <c>SortedList</c> with the default comparer; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, SortedList<TKey, TValue>> SortedList<TKey, TValue>() where TKey : notnull =>
        Maps<TKey, TValue>.SortedList;

    /// <summary>A <c>ConcurrentDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ConcurrentDictionary<TKey, TValue>> ConcurrentDictionary<TKey, TValue>() where TKey : notnull =>
        Maps<TKey, TValue>.ConcurrentDictionary;

    /// <summary>An <c>ImmutableDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>> ImmutableDictionary<TKey, TValue>() where TKey : notnull =>
        Maps<TKey, TValue>.ImmutableDictionary;

    /// <summary>An <c>ImmutableSortedDictionary</c>; a repeated key keeps its last value.</summary>
    public static CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>> ImmutableSortedDictionary<TKey, TValue>() where TKey : notnull =>
        Maps<TKey, TValue>.ImmutableSortedDictionary;

    // The three most common collections are written out, so their per-element step is a direct call; the others are
    // described by three small functions (create for a count, add one element, finish) and share one loop.

    private sealed class ArrayBuilder<T> : CollectionBuilder<T, T[]>
    {
        public static readonly ArrayBuilder<T> Instance = new();

        public override T[] Build<TSource>(int count, ref TSource source)
        {
            var items = new T[count];
            for (var i = 0; i < items.Length; i++) items[i] = source.Next();
            return items;
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

    private sealed class DictionaryBuilder<TKey, TValue> : CollectionBuilder<KeyValuePair<TKey, TValue>, Dictionary<TKey, TValue>> where TKey : notnull
    {
        public static readonly DictionaryBuilder<TKey, TValue> Instance = new();

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

    /// <summary>A collection built through an accumulator: created for the count, given each element, then finished.</summary>
    private sealed class AccumulatingBuilder<T, TAccumulator, TCollection>(
        Func<int, TAccumulator> create, Action<TAccumulator, T> add, Func<TAccumulator, TCollection> finish) : CollectionBuilder<T, TCollection>
    {
        public override TCollection Build<TSource>(int count, ref TSource source)
        {
            var accumulator = create(count);
            for (var i = 0; i < count; i++) add(accumulator, source.Next());
            return finish(accumulator);
        }
    }

    private static class Sequences<T>
    {
        public static readonly CollectionBuilder<T, ImmutableArray<T>> ImmutableArray =
            new AccumulatingBuilder<T, ImmutableArray<T>.Builder, ImmutableArray<T>>(System.Collections.Immutable.ImmutableArray.CreateBuilder<T>, (b, x) => b.Add(x), b => b.MoveToImmutable());

        public static readonly CollectionBuilder<T, HashSet<T>> HashSet =
            new AccumulatingBuilder<T, HashSet<T>, HashSet<T>>(n => new HashSet<T>(n), (s, x) => s.Add(x), s => s);

        public static readonly CollectionBuilder<T, SortedSet<T>> SortedSet =
            new AccumulatingBuilder<T, SortedSet<T>, SortedSet<T>>(_ => new SortedSet<T>(), (s, x) => s.Add(x), s => s);

        public static readonly CollectionBuilder<T, Queue<T>> Queue =
            new AccumulatingBuilder<T, Queue<T>, Queue<T>>(n => new Queue<T>(n), (q, x) => q.Enqueue(x), q => q);

        public static readonly CollectionBuilder<T, Stack<T>> Stack =
            new AccumulatingBuilder<T, List<T>, Stack<T>>(n => new List<T>(n), (l, x) => l.Add(x), ReversedIntoStack);

        public static readonly CollectionBuilder<T, LinkedList<T>> LinkedList =
            new AccumulatingBuilder<T, LinkedList<T>, LinkedList<T>>(_ => new LinkedList<T>(), (l, x) => l.AddLast(x), l => l);

        public static readonly CollectionBuilder<T, ImmutableList<T>> ImmutableList =
            new AccumulatingBuilder<T, ImmutableList<T>.Builder, ImmutableList<T>>(_ => System.Collections.Immutable.ImmutableList.CreateBuilder<T>(), (b, x) => b.Add(x), b => b.ToImmutable());

        public static readonly CollectionBuilder<T, ImmutableHashSet<T>> ImmutableHashSet =
            new AccumulatingBuilder<T, ImmutableHashSet<T>.Builder, ImmutableHashSet<T>>(_ => System.Collections.Immutable.ImmutableHashSet.CreateBuilder<T>(), (b, x) => b.Add(x), b => b.ToImmutable());

        public static readonly CollectionBuilder<T, ImmutableQueue<T>> ImmutableQueue =
            new AccumulatingBuilder<T, List<T>, ImmutableQueue<T>>(n => new List<T>(n), (l, x) => l.Add(x), System.Collections.Immutable.ImmutableQueue.CreateRange);

        private static Stack<T> ReversedIntoStack(List<T> items)
        {
            var stack = new Stack<T>(items.Count);
            for (var i = items.Count - 1; i >= 0; i--) stack.Push(items[i]);
            return stack;
        }
    }

    private static class Maps<TKey, TValue> where TKey : notnull
    {
        public static readonly CollectionBuilder<KeyValuePair<TKey, TValue>, SortedDictionary<TKey, TValue>> SortedDictionary =
            new AccumulatingBuilder<KeyValuePair<TKey, TValue>, SortedDictionary<TKey, TValue>, SortedDictionary<TKey, TValue>>(_ => new SortedDictionary<TKey, TValue>(), (m, e) => m[e.Key] = e.Value, m => m);

        public static readonly CollectionBuilder<KeyValuePair<TKey, TValue>, SortedList<TKey, TValue>> SortedList =
            new AccumulatingBuilder<KeyValuePair<TKey, TValue>, SortedList<TKey, TValue>, SortedList<TKey, TValue>>(n => new SortedList<TKey, TValue>(n), (m, e) => m[e.Key] = e.Value, m => m);

        public static readonly CollectionBuilder<KeyValuePair<TKey, TValue>, ConcurrentDictionary<TKey, TValue>> ConcurrentDictionary =
            new AccumulatingBuilder<KeyValuePair<TKey, TValue>, ConcurrentDictionary<TKey, TValue>, ConcurrentDictionary<TKey, TValue>>(_ => new ConcurrentDictionary<TKey, TValue>(), (m, e) => m[e.Key] = e.Value, m => m);

        public static readonly CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>> ImmutableDictionary =
            new AccumulatingBuilder<KeyValuePair<TKey, TValue>, ImmutableDictionary<TKey, TValue>.Builder, ImmutableDictionary<TKey, TValue>>(_ => System.Collections.Immutable.ImmutableDictionary.CreateBuilder<TKey, TValue>(), (b, e) => b[e.Key] = e.Value, b => b.ToImmutable());

        public static readonly CollectionBuilder<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>> ImmutableSortedDictionary =
            new AccumulatingBuilder<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>.Builder, ImmutableSortedDictionary<TKey, TValue>>(_ => System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(), (b, e) => b[e.Key] = e.Value, b => b.ToImmutable());
    }
}
