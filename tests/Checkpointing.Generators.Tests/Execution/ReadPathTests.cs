using Checkpointing.Generators.Tests.Execution.Functions;
using Checkpointing.Snapshots;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

/// <summary>
/// A generated formatter reads an object straight through when its state stored the type's own layout, and by member
/// name when the layout differs. Both must give the same values, and a value that does not fit must fail the restore
/// with the member named, never leave a field half-read.
/// </summary>
public class ReadPathTests
{
    private static ItemsAsDeclared Source() => new()
    {
        Items =
        [
            new Item(1, "one", 1.5) { Tags = ["a", "b"], Note = "first", Lot = new Lot(10, "XNAS") },
            new Item(2, "two", 2.25),
            new Item(long.MaxValue, "", -0.5) { Tags = [""], Lot = new Lot(int.MinValue, "") },
        ],
        Best = new Item(7, "seven", 7.75) { Tags = ["t"], Note = "best", Lot = new Lot(3, "XLON") },
    };

    private static (long, string, double, string, string?, int?, string?) Fields(Item i) =>
        (i.Id, i.Name, i.Price, string.Join("|", i.Tags), i.Note, i.Lot?.Quantity, i.Lot?.Venue);

    private static (long, string, double, string, string?, int?, string?) Fields(ItemReordered i) =>
        (i.Id, i.Name, i.Price, string.Join("|", i.Tags), i.Note, i.Lot?.Quantity, i.Lot?.Venue);

    [Fact]
    public void The_declared_layout_read_straight_through_and_a_reordered_one_read_by_name_give_the_same_values()
    {
        var source = Source();

        var straight = Through(source, () => new ItemsAsDeclared());
        var byName = Rescale<ItemsReordered>([source], 1, () => new ItemsReordered())[0];

        var expected = source.Items.Select(Fields).ToList();
        Assert.Equal(expected, straight.Items.Select(Fields));
        Assert.Equal(expected, byName.Items.Select(Fields));
        Assert.Equal(Fields(source.Best!), Fields(straight.Best!));
        Assert.Equal(Fields(source.Best!), Fields(byName.Best!));
    }

    [Fact]
    public void A_reordered_layout_is_read_by_name_whichever_version_wrote_it()
    {
        var reordered = new ItemsReordered
        {
            Items = [new ItemReordered(9.5, 9, "nine") { Tags = ["x"], Note = "n", Lot = new Lot(1, "v") }],
            Best = new ItemReordered(0.25, 4, "four"),
        };

        var restored = Rescale<ItemsAsDeclared>([reordered], 1, () => new ItemsAsDeclared())[0];

        Assert.Equal((9L, "nine", 9.5, "x", "n", (int?)1, "v"), Fields(restored.Items.Single()));
        Assert.Equal((4L, "four", 0.25, "", (string?)null, (int?)null, (string?)null), Fields(restored.Best!));
    }

    [Fact]
    public void The_stored_layout_of_a_reordered_type_is_not_the_declared_one_so_it_takes_the_name_matched_path()
    {
        // The two layouts hold the same names in another order: what decides the path is the order, not the names.
        var snapshot = CheckpointHarness.Snapshot([Source()]);
        var stored = snapshot.States.Single(s => s.Name == "items").Layouts.Single(l => l.TypeName.EndsWith(".Item", StringComparison.Ordinal));
        var reordered = CheckpointHarness.Snapshot([new ItemsReordered { Items = [new ItemReordered(1, 1, "x")] }])
            .States.Single(s => s.Name == "items").Layouts.Single(l => l.TypeName.EndsWith(".ItemReordered", StringComparison.Ordinal));

        Assert.Equal(["Id", "Name", "Price", "Tags", "Note", "Lot"], stored.Members);
        Assert.Equal(stored.Members.Order(), reordered.Members.Order());
        Assert.NotEqual(stored.Members, reordered.Members);
    }

    [Fact]
    public void A_member_that_no_longer_fits_fails_the_straight_read_naming_the_state_the_member_and_both_types()
    {
        var error = Assert.Throws<CheckpointRestoreException>(() => Rescale<ItemsNameAsNumber>([Source()], 1, () => new ItemsNameAsNumber()));

        Assert.Contains("'items'", error.Message);
        Assert.Contains("ItemNameAsNumber.Name", error.Message);
        Assert.Contains("declared as long", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public void A_scalar_object_whose_member_no_longer_fits_fails_naming_the_field_and_leaves_nothing_assigned()
    {
        var target = new BestNameAsNumber();
        var snapshot = CheckpointHarness.Snapshot([new ItemsAsDeclared { Best = new Item(5, "five", 5) }]);

        var error = Assert.Throws<CheckpointRestoreException>(() =>
            CheckpointHarness.Restore(snapshot, 1, () => target, allowNonRestoredState: true));

        Assert.Contains("field 'best'", error.Message);
        Assert.Contains("ItemNameAsNumber.Name", error.Message);
        Assert.Contains("declared as long", error.Message);
        Assert.Equal((-1L, -1L, -1.0), (target.Best!.Id, target.Best.Name, target.Best.Price)); // the initializer, not a half-read object
    }

    [Fact]
    public void Scalars_around_an_object_read_in_place_are_all_restored()
    {
        var source = new BestWithNeighbours { Before = "before", Best = Source().Best, After = 42 };

        var restored = Through(source, () => new BestWithNeighbours());

        Assert.Equal("before", restored.Before);
        Assert.Equal(Fields(source.Best!), Fields(restored.Best!));
        Assert.Equal(42, restored.After);
    }

    [Fact]
    public void A_scalar_object_cut_short_in_its_unit_fails_with_a_clear_error_and_leaves_the_field_at_its_initializer()
    {
        var snapshot = CheckpointHarness.Snapshot([new BestWithNeighbours { Before = "b", Best = Source().Best, After = 1 }]);
        var damaged = WithScalarUnitCutAt(snapshot, "seven");
        var target = new BestWithNeighbours { Before = "init", After = -1 };

        var error = Assert.Throws<CheckpointRestoreException>(() => CheckpointHarness.Restore(damaged, 1, () => target));

        Assert.Contains("$scalars", error.Message);
        Assert.Contains("field 'best'", error.Message);
        Assert.Null(target.Best);
        Assert.Equal(-1, target.After);
    }

    /// <summary>
    /// The snapshot with its scalar unit cut just before the first byte of <paramref name="marker"/> (a string inside
    /// the object): the unit count still says one unit, so only decoding can notice.
    /// </summary>
    private static OperatorSnapshot WithScalarUnitCutAt(OperatorSnapshot snapshot, string marker)
    {
        var states = snapshot.States.Select(state =>
        {
            if (state.Name != "$scalars") return state;
            var bytes = state.PerSubtask[0].Bytes.ToArray();
            var at = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(marker));
            Assert.True(at > 0, "the marker is in the unit");
            return state with { PerSubtask = [new UnitBlock(bytes.AsMemory(0, at), 1)] };
        }).ToList();
        return new OperatorSnapshot(snapshot.OperatorUid, snapshot.Parallelism, snapshot.CheckpointId, states);
    }
}
