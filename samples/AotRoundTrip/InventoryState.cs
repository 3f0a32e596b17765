using System.Collections.Immutable;
using Checkpointing;

namespace AotSample;

public enum Status { Pending, Shipped, Lost }

public sealed record Item(string Sku, int Quantity, decimal Price, Status Status, DateTime Updated);

public sealed record Bin(string Name, List<Item> Items, Dictionary<string, int>? Counts);

/// <summary>State of many shapes, all serialized by generated code: no reflection, so it survives trimming and NativeAOT.</summary>
public sealed partial class InventoryState
{
    [Checkpointed] private long offset;
    [Checkpointed] private string? name;
    [Checkpointed] private Guid run;
    [Checkpointed] private DateTimeOffset since;
    [Checkpointed] private TimeSpan? window;
    [Checkpointed] private byte[] payload = [];
    [Checkpointed] private List<Item> items = [];
    [Checkpointed] private Dictionary<string, Bin> bins = [];
    [Checkpointed] private HashSet<int> seen = [];
    [Checkpointed] private Queue<(int Partition, long Offset)> pending = new();
    [Checkpointed] private ImmutableArray<string> tags = [];

    public InventoryState() { }

    /// <summary>Fills every field from <paramref name="seed"/>; a constructor, so no checkpoint lock is needed yet.</summary>
    public InventoryState(int seed)
    {
        var random = new Random(seed);
        offset = random.NextInt64();
        name = seed % 2 == 0 ? null : $"inventory-{seed}";
        run = new Guid(random.Next(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        since = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(2));
        window = seed % 3 == 0 ? null : TimeSpan.FromSeconds(random.Next(1000));
        payload = [.. Enumerable.Range(0, 16).Select(i => (byte)random.Next(256))];
        items = [.. Enumerable.Range(0, 5).Select(i => new Item($"sku-{i}", random.Next(100), random.Next(10_000) / 100m, (Status)(i % 3), new DateTime(2026, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc)))];
        bins = new() { ["a"] = new Bin("a", items.Take(2).ToList(), new() { ["x"] = 1 }), ["b"] = new Bin("b", [], null) };
        seen = [.. Enumerable.Range(0, 10).Select(_ => random.Next(1000))];
        pending = new Queue<(int, long)>([(1, 10L), (2, 20L)]);
        tags = ["red", "blue"];
    }

    public string Describe() => string.Join("|",
        offset, name ?? "null", run, since.ToString("O"), window?.ToString() ?? "null", Convert.ToHexString(payload),
        string.Join(";", items), string.Join(";", bins.OrderBy(b => b.Key).Select(b => $"{b.Key}={b.Value.Name}:{string.Join(",", b.Value.Items)}:{(b.Value.Counts is null ? "null" : string.Join(",", b.Value.Counts))}")),
        string.Join(",", seen.Order()), string.Join(",", pending), string.Join(",", tags));
}
