using System.Collections.Immutable;
using Checkpointing.Generators.Tests.Execution.Functions;
using static Checkpointing.Generators.Tests.Execution.StateRoundTrip;

namespace Checkpointing.Generators.Tests.Execution;

public class ScalarRoundTripTests
{
    private static AllScalars Filled() => new()
    {
        Bool = true, Byte = 200, SByte = -100, Short = -30000, UShort = 60000, Int = int.MinValue, UInt = uint.MaxValue,
        Long = long.MinValue, ULong = ulong.MaxValue, Float = 1.5f, Double = Math.PI, Char = 'λ', Decimal = 79228162514264337593543950335m,
        String = "héllo", Guid = Guid.NewGuid(),
        LocalTime = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Local),
        UtcTime = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc),
        UnspecifiedTime = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Unspecified),
        Offset = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(5.5)), Span = TimeSpan.FromTicks(123456789),
        Date = new DateOnly(1999, 12, 31), Time = new TimeOnly(23, 59, 58, 999), Color = Color.Blue, Huge = Huge.Max,
        MaybeInt = 42, MaybeColor = Color.Green, Bytes = [1, 2, 3], Memory = new byte[] { 9, 8 },
        Pair = (3, "three"), Seven = (1, 2L, "3", Color.Green, 5.5, true, 'x'), Tuple = Tuple.Create(1, "one"),
        Entry = new KeyValuePair<string, int>("k", 9),
        Person = new Person("Ada", 36, new Address("Main", 1)) { Tags = ["a", "b"] },
        Point = new Point { X = 1, Y = -1 }, MaybePoint = new Point { X = 2, Y = 3 }, Money = new Money(12.34m, "EUR"),
        Mutable = new Mutable { Name = "m", Scores = new() { ["x"] = [1, 2] }, Shade = Color.Red },
        Tree = new Tree("root", [new Tree("leaf", []), new Tree("branch", [new Tree("deep", [])])]),
        Box = new Box<Person>(new Person("Bo", 1, null), [new Person("Cy", 2, null)]),
        Attributed = new AttributedThing { A = 5, B = "b" },
        ArrayOfImmutable = [[1, 2], []],
        Big = System.Numerics.BigInteger.Pow(3, 100), Uri = new Uri("https://example.com/a?b=c"), Version = new Version(1, 2, 3, 4),
    };

    [Fact]
    public void Every_scalar_kind_round_trips_through_checkpoint_bytes()
    {
        var source = Filled();
        var restored = Through(source, () => new AllScalars());

        AssertSameGraph(source, restored);
        // Things JSON would blur: the exact DateTime kind, byte content, tuple items.
        Assert.Equal(DateTimeKind.Local, restored.LocalTime.Kind);
        Assert.Equal(DateTimeKind.Utc, restored.UtcTime.Kind);
        Assert.Equal(DateTimeKind.Unspecified, restored.UnspecifiedTime.Kind);
        Assert.Equal(source.LocalTime, restored.LocalTime);
        Assert.Equal(source.Offset.Offset, restored.Offset.Offset);
        Assert.Equal(source.Memory.ToArray(), restored.Memory.ToArray());
        Assert.Equal(source.Seven, restored.Seven);
        Assert.Equal(source.Pair, restored.Pair);
        Assert.Equal(Huge.Max, restored.Huge);
        Assert.Equal(Color.Red, restored.Mutable!.Shade);
        Assert.Equal("deep", restored.Tree!.Children[1].Children[0].Label);
        Assert.Equal(source.Decimal, restored.Decimal);
        Assert.Equal(source.Big, restored.Big);
        Assert.Equal(source.Uri, restored.Uri);
        Assert.Equal(source.Version, restored.Version);
    }

    [Fact]
    public void Nulls_round_trip_and_are_not_replaced_by_initializers()
    {
        var source = new AllScalars
        {
            String = null, Bytes = null, Person = new Person("NoHome", 1, null), Tuple = null, Mutable = new Mutable(),
            MaybeInt = null, MaybePoint = null, Pair = (1, null), Tree = null, Box = null, Attributed = null,
            ArrayOfImmutable = [default, [1]],
        };
        var restored = Through(source, () => new AllScalars { String = "initializer", Bytes = [7], Tree = new Tree("init", []) });

        Assert.Null(restored.String);
        Assert.Null(restored.Bytes);
        Assert.Null(restored.Person!.Home);
        Assert.Null(restored.Tuple);
        Assert.Null(restored.Mutable!.Name);
        Assert.Null(restored.Mutable.Scores);
        Assert.Null(restored.MaybeInt);
        Assert.Null(restored.MaybePoint);
        Assert.Null(restored.Pair.Name);
        Assert.Null(restored.Tree);
        Assert.True(restored.ArrayOfImmutable![0].IsDefault);
        Assert.Equal([1], restored.ArrayOfImmutable[1].ToArray());
    }

    [Fact]
    public void Scalars_of_one_mode_travel_as_one_unit()
    {
        var snapshot = CheckpointHarness.Snapshot([Filled()]);
        // ArrayOfImmutable is an array, so a collection with its own state; every other field is a scalar.
        Assert.Equal(["$scalars", "ArrayOfImmutable"], snapshot.StateNames.Order());
        Assert.Equal(1, snapshot.UnitCount("$scalars", 0));
    }
}
