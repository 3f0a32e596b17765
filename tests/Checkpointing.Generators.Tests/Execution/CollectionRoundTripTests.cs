using System.Collections.Concurrent;
using System.Collections.Immutable;
using Checkpointing.Generators.Tests.Execution.Functions;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

public class CollectionRoundTripTests
{
    private static AllCollections Filled()
    {
        var stack = new Stack<int>();
        stack.Push(1);
        stack.Push(2);
        stack.Push(3);
        return new AllCollections
        {
            Array = [3, 1, 2], Jagged = [[1], [], [2, 3]], List = ["a", null, "c"], HashSet = [5, 6], SortedSet = ["z", "a"],
            Queue = new Queue<int>([7, 8, 9]), Stack = stack, Linked = new LinkedList<int>([4, 5]),
            Dictionary = new() { ["one"] = 1, ["none"] = null }, Sorted = new() { [2] = "b", [1] = "a" },
            Concurrent = new ConcurrentDictionary<string, int>([new("x", 1), new("y", 2)]),
            IList = [1, 2], IReadOnlyList = ["r"], ICollection = [3], IEnumerable = [4, 5], ISet = new HashSet<int> { 6 },
            IDictionary = new Dictionary<string, int> { ["d"] = 1 }, IReadOnlyDictionary = new Dictionary<string, int> { ["ro"] = 2 },
            ImmutableArray = [1, 2], ImmutableList = ["i", "l"], ImmutableDictionary = ImmutableDictionary<string, int>.Empty.Add("im", 3),
            People = [new Person("Ada", 36, new Address("Main", 1)) { Tags = ["x"] }, null],
            Nested = [new() { ["k"] = [1, null, 3] }, []],
            ByColor = new() { [Color.Green] = [(1, "one"), (2, "two")] },
        };
    }

    [Fact]
    public void Every_collection_kind_round_trips_element_by_element()
    {
        var source = Filled();
        var restored = Through(source, () => new AllCollections());

        // A ConcurrentDictionary's enumeration order is not part of its contract: compare it sorted, then leave it out.
        Assert.Equal(source.Concurrent.OrderBy(e => e.Key), restored.Concurrent.OrderBy(e => e.Key));
        source.Concurrent.Clear();
        restored.Concurrent.Clear();
        AssertSameGraph(source, restored);
        Assert.Equal([3, 2, 1], restored.Stack.ToArray());
        Assert.Equal(3, restored.Stack.Pop());
        Assert.Equal(7, restored.Queue.Dequeue());
        Assert.IsType<List<int>>(restored.IList);
        Assert.IsType<HashSet<int>>(restored.ISet);
        Assert.IsType<Dictionary<string, int>>(restored.IReadOnlyDictionary);
        Assert.Equal((2, "two"), restored.ByColor[Color.Green][1]);
    }

    [Fact]
    public void Each_element_is_one_unit_of_the_fields_own_state()
    {
        var snapshot = CheckpointHarness.Snapshot([Filled()]);
        Assert.Equal(3, snapshot.UnitCount("Array", 0));
        Assert.Equal(2, snapshot.UnitCount("Dictionary", 0));
        Assert.Equal(3, snapshot.UnitCount("Stack", 0));
        Assert.DoesNotContain("$scalars", snapshot.StateNames);
    }

    [Fact]
    public void Empty_collections_restore_empty_not_as_initializer()
    {
        var restored = Through(new AllCollections(), () => new AllCollections { Array = [99], List = ["init"], Dictionary = new() { ["i"] = 1 } });
        Assert.Empty(restored.Array);
        Assert.Empty(restored.List);
        Assert.Empty(restored.Dictionary);
        Assert.True(restored.ImmutableArray.IsEmpty);
    }

    [Fact]
    public void Null_collection_fields_are_written_as_empty_states()
    {
        var source = new AllCollections { List = null!, Dictionary = null!, ImmutableArray = default };
        var restored = Through(source, () => new AllCollections());
        Assert.Empty(restored.List);
        Assert.Empty(restored.Dictionary);
        Assert.Empty(restored.ImmutableArray);
    }

    [Fact]
    public void Less_common_collections_round_trip_as_fields_and_as_members()
    {
        var stack = new Stack<int>();
        stack.Push(1);
        stack.Push(2);
        var source = new MoreCollections
        {
            ImmutableHashSet = [1, 2], ImmutableQueue = ["a", "b"], ImmutableSorted = ImmutableSortedDictionary<string, int>.Empty.Add("b", 2).Add("a", 1),
            SortedList = new() { [2] = "two", [1] = "one" }, IReadOnlySet = new HashSet<int> { 9 },
            Holder = new Holder
            {
                Stack = stack, Queue = new Queue<string>(["q1", "q2"]), Jagged = [[1, 2], []], Immutable = ["i"],
                Index = new Dictionary<string, IReadOnlyList<long>> { ["k"] = [1L, 2L] },
            },
        };
        var restored = Through(source, () => new MoreCollections());

        Assert.Equal(source.ImmutableHashSet.Order(), restored.ImmutableHashSet.Order());
        Assert.Equal(["a", "b"], restored.ImmutableQueue);
        Assert.Equal(source.ImmutableSorted, restored.ImmutableSorted);
        Assert.Equal(source.SortedList, restored.SortedList);
        Assert.Equal([9], restored.IReadOnlySet);
        Assert.Equal([2, 1], restored.Holder!.Stack!.ToArray());
        Assert.Equal("q1", restored.Holder.Queue!.Peek());
        AssertSameGraph(source.Holder, restored.Holder);
    }
}
