namespace Checkpointing.Generators.Tests.Execution.Functions;

// One unit type in three versions, for the two ways a generated formatter reads an object: straight through in
// declared order when the stored layout is the declared one, by name otherwise. The C# names differ only because all
// three live in one test assembly (a renamed unit or scalar type is paired with the layout its state stored).

/// <summary>Constructor, init and settable members, so every way of assigning a member is read both ways.</summary>
public sealed record Item(long Id, string Name, double Price)
{
    public List<string> Tags { get; init; } = [];
    public string? Note { get; set; }
    public Lot? Lot { get; set; }
}

/// <summary>A nested user type, read by its own formatter inside <see cref="Item"/>.</summary>
public sealed record Lot(int Quantity, string Venue);

/// <summary>The members of <see cref="Item"/> declared in another order: its stored layout is a permutation, read by name.</summary>
public sealed record ItemReordered(double Price, long Id, string Name)
{
    public Lot? Lot { get; set; }
    public string? Note { get; set; }
    public List<string> Tags { get; init; } = [];
}

/// <summary>The same member names as <see cref="Item"/> in the same order, but <c>Name</c> is a number now: the stored layout matches, so the straight read meets a string.</summary>
public sealed record ItemNameAsNumber(long Id, long Name, double Price)
{
    public List<string> Tags { get; init; } = [];
    public string? Note { get; set; }
    public Lot? Lot { get; set; }
}

public sealed partial class ItemsAsDeclared
{
    [Checkpointed(Name = "items")] public List<Item> Items = [];
    [Checkpointed(Name = "best")] public Item? Best;
}

public sealed partial class ItemsReordered
{
    [Checkpointed(Name = "items")] public List<ItemReordered> Items = [];
    [Checkpointed(Name = "best")] public ItemReordered? Best;
}

public sealed partial class ItemsNameAsNumber
{
    [Checkpointed(Name = "items")] public List<ItemNameAsNumber> Items = [];
    [Checkpointed(Name = "best")] public ItemNameAsNumber? Best;
}

/// <summary>Only the scalar of the versions above, so its failure is not preceded by the list's.</summary>
public sealed partial class BestNameAsNumber
{
    [Checkpointed(Name = "best")] public ItemNameAsNumber? Best = new(-1, -1, -1);
}

/// <summary>A scalar object field next to other scalars: they share one scalar unit, read field by field.</summary>
public sealed partial class BestWithNeighbours
{
    [Checkpointed(Name = "before")] public string Before = "";
    [Checkpointed(Name = "best")] public Item? Best;
    [Checkpointed(Name = "after")] public long After;
}
