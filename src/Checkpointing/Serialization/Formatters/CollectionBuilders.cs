using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// Builds each supported collection type from the elements read, in the order they were written. Interface types get
/// their natural concrete type (<c>IList&lt;T&gt;</c> → <c>List&lt;T&gt;</c>, <c>ISet&lt;T&gt;</c> → <c>HashSet&lt;T&gt;</c>,
/// <c>IDictionary&lt;K,V&gt;</c> → <c>Dictionary&lt;K,V&gt;</c>). Generated code passes these as method groups.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CollectionBuilders
{
    /// <summary>An array.</summary>
    public static T[] Array<T>(List<T> items) => [.. items];

    /// <summary>An <c>ImmutableArray</c>.</summary>
    public static ImmutableArray<T> ImmutableArray<T>(List<T> items) => [.. items];

    /// <summary>The list itself.</summary>
    public static List<T> List<T>(List<T> items) => items;

    /// <summary>A <c>HashSet</c>.</summary>
    public static HashSet<T> HashSet<T>(List<T> items) => [.. items];

    /// <summary>A <c>SortedSet</c> with the default comparer.</summary>
    public static SortedSet<T> SortedSet<T>(List<T> items) => [.. items];

    /// <summary>A <c>Queue</c>: the first element written is dequeued first again.</summary>
    public static Queue<T> Queue<T>(List<T> items) => new(items);

    /// <summary>A <c>Stack</c>: elements were written top first, so they are pushed back bottom first.</summary>
    public static Stack<T> Stack<T>(List<T> items)
    {
        var stack = new Stack<T>(items.Count);
        for (var i = items.Count - 1; i >= 0; i--) stack.Push(items[i]);
        return stack;
    }

    /// <summary>A <c>LinkedList</c>.</summary>
    public static LinkedList<T> LinkedList<T>(List<T> items) => new(items);

    /// <summary>An <c>ImmutableList</c>.</summary>
    public static ImmutableList<T> ImmutableList<T>(List<T> items) => [.. items];

    /// <summary>An <c>ImmutableHashSet</c>.</summary>
    public static ImmutableHashSet<T> ImmutableHashSet<T>(List<T> items) => [.. items];

    /// <summary>An <c>ImmutableQueue</c>.</summary>
    public static ImmutableQueue<T> ImmutableQueue<T>(List<T> items) => [.. items];

    /// <summary>A <c>Dictionary</c>; a repeated key keeps its last value.</summary>
    public static Dictionary<TKey, TValue> Dictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>(entries.Count);
        foreach (var entry in entries) result[entry.Key] = entry.Value;
        return result;
    }

    /// <summary>A <c>SortedDictionary</c> with the default comparer.</summary>
    public static SortedDictionary<TKey, TValue> SortedDictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull
    {
        var result = new SortedDictionary<TKey, TValue>();
        foreach (var entry in entries) result[entry.Key] = entry.Value;
        return result;
    }

    /// <summary>A <c>SortedList</c> with the default comparer.</summary>
    public static SortedList<TKey, TValue> SortedList<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull
    {
        var result = new SortedList<TKey, TValue>(entries.Count);
        foreach (var entry in entries) result[entry.Key] = entry.Value;
        return result;
    }

    /// <summary>A <c>ConcurrentDictionary</c>.</summary>
    public static ConcurrentDictionary<TKey, TValue> ConcurrentDictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull
    {
        var result = new ConcurrentDictionary<TKey, TValue>();
        foreach (var entry in entries) result[entry.Key] = entry.Value;
        return result;
    }

    /// <summary>An <c>ImmutableDictionary</c>.</summary>
    public static ImmutableDictionary<TKey, TValue> ImmutableDictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull =>
        Dictionary(entries).ToImmutableDictionary();

    /// <summary>An <c>ImmutableSortedDictionary</c>.</summary>
    public static ImmutableSortedDictionary<TKey, TValue> ImmutableSortedDictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries) where TKey : notnull =>
        Dictionary(entries).ToImmutableSortedDictionary();
}
