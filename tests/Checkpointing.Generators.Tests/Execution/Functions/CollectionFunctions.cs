using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Checkpointing.Generators.Tests.Execution.Functions;

/// <summary>One checkpointed collection of every supported kind; each is its own state, one unit per element.</summary>
public sealed partial class AllCollections
{
    [Checkpointed] public int[] Array = [];
    [Checkpointed] public int[][] Jagged = [];
    [Checkpointed] public List<string?> List = [];
    [Checkpointed] public HashSet<int> HashSet = [];
    [Checkpointed] public SortedSet<string> SortedSet = [];
    [Checkpointed] public Queue<int> Queue = new();
    [Checkpointed] public Stack<int> Stack = new();
    [Checkpointed] public LinkedList<int> Linked = new();
    [Checkpointed] public Dictionary<string, long?> Dictionary = [];
    [Checkpointed] public SortedDictionary<int, string> Sorted = [];
    [Checkpointed] public ConcurrentDictionary<string, int> Concurrent = new();
    [Checkpointed] public IList<int> IList = new List<int>();
    [Checkpointed] public IReadOnlyList<string> IReadOnlyList = [];
    [Checkpointed] public ICollection<int> ICollection = new List<int>();
    [Checkpointed] public IEnumerable<int> IEnumerable = [];
    [Checkpointed] public ISet<int> ISet = new HashSet<int>();
    [Checkpointed] public IDictionary<string, int> IDictionary = new Dictionary<string, int>();
    [Checkpointed] public IReadOnlyDictionary<string, int> IReadOnlyDictionary = new Dictionary<string, int>();
    [Checkpointed] public ImmutableArray<int> ImmutableArray = [];
    [Checkpointed] public ImmutableList<string> ImmutableList = [];
    [Checkpointed] public ImmutableDictionary<string, int> ImmutableDictionary = ImmutableDictionary<string, int>.Empty;
    [Checkpointed] public List<Person?> People = [];
    [Checkpointed] public List<Dictionary<string, List<int?>>> Nested = [];
    [Checkpointed] public Dictionary<Color, (int, string)[]> ByColor = [];
}

/// <summary>The less common collection kinds, as fields and as members of a user type.</summary>
public sealed partial class MoreCollections
{
    [Checkpointed] public ImmutableHashSet<int> ImmutableHashSet = [];
    [Checkpointed] public ImmutableQueue<string> ImmutableQueue = [];
    [Checkpointed] public ImmutableSortedDictionary<string, int> ImmutableSorted = ImmutableSortedDictionary<string, int>.Empty;
    [Checkpointed] public SortedList<int, string> SortedList = [];
    [Checkpointed] public IReadOnlySet<int> IReadOnlySet = new HashSet<int>();
    [Checkpointed] public Holder? Holder;
}

public sealed class Holder
{
    public Stack<int>? Stack { get; set; }
    public Queue<string>? Queue { get; set; }
    public int[][]? Jagged { get; set; }
    public ImmutableArray<string> Immutable { get; set; }
    public IReadOnlyDictionary<string, IReadOnlyList<long>>? Index { get; set; }
}
