using Checkpointing.Serialization.Layouts;
using Checkpointing.Snapshots;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Tests.Format;

/// <summary>
/// Generated user types are written as arrays, their member names stored once per state (the layout). These formatters
/// are written by hand the way the generator writes them, so two versions of one type can share a name here.
/// </summary>
public class LayoutTests
{
    private const string TypeName = "Demo.Point";

    [Fact]
    public void Each_state_stores_the_layout_of_its_type_once_and_it_survives_the_bytes()
    {
        var snapshot = CheckpointHarness.Snapshot([new Points<PointV1>(PointV1.State, [new(1, 2), new(3, 4), new(5, 6)])]);
        var decoded = OperatorSnapshot.FromBytes(snapshot.ToBytes());

        var layouts = decoded.States.Single().Layouts;
        var layout = Assert.Single(layouts);
        Assert.Equal(TypeName, layout.TypeName);
        Assert.Equal(["X", "Y"], layout.Members);
    }

    [Fact]
    public void A_newer_version_reads_members_by_name_whatever_their_order_and_keeps_defaults_of_added_ones()
    {
        var snapshot = CheckpointHarness.Snapshot([new Points<PointV1>(PointV1.State, [new(1, 2), new(3, 4)])]);

        var restored = CheckpointHarness.Restore(OperatorSnapshot.FromBytes(snapshot.ToBytes()), 1, () => new Points<PointV2>(PointV2.State, []))[0];

        Assert.Equal([new PointV2(2, -1, 1), new PointV2(4, -1, 3)], restored.Items);
    }

    [Fact]
    public void An_older_version_skips_members_it_does_not_declare()
    {
        var snapshot = CheckpointHarness.Snapshot([new Points<PointV2>(PointV2.State, [new(20, 7, 10)])]);

        var restored = CheckpointHarness.Restore(snapshot, 1, () => new Points<PointV1>(PointV1.State, []))[0];

        Assert.Equal([new PointV1(10, 20)], restored.Items);
    }

    [Fact]
    public void Subtasks_that_stored_different_layouts_of_one_type_are_refused()
    {
        var v1 = CheckpointHarness.Snapshot([new Points<PointV1>(PointV1.State, [new(1, 2)])]).States.Single();
        var v2 = CheckpointHarness.Snapshot([new Points<PointV2>(PointV2.State, [new(1, 2, 3)])]).States.Single();
        OperatorSubtaskState Part(OperatorState state, int index) =>
            new("op", index, 2, [new SubtaskStateEntry(state.Name, state.Mode, "Point", state.Layouts, state.PerSubtask[0])]);

        var error = Assert.Throws<CheckpointFormatException>(() => OperatorSnapshot.Assemble("op", 1, [Part(v1, 0), Part(v2, 1)]));

        Assert.Contains("different layouts of Demo.Point: (X, Y) and (Y, Z, X)", error.Message);
    }

    [Fact]
    public void A_stored_count_that_disagrees_with_the_stored_layout_is_an_error_naming_the_type()
    {
        var layout = new TypeLayout(TypeName, ["X", "Y"]);
        var options = new LayoutMappingOptions([new StoredLayout(TypeName, ["X", "Y", "Z"])]);

        var error = Assert.Throws<MessagePackSerializationException>(() => layout.MapOf(options, 2));

        Assert.Contains("Demo.Point holds 2 values, but the layout stored with its state lists 3 members", error.Message);
    }

    [Theory]
    [InlineData(new[] { "X", "Y" }, 2, true)]   // stored as declared: read straight through
    [InlineData(new[] { "Y", "X" }, 2, false)]  // the same names in another order: by name
    [InlineData(new[] { "X", "Y", "Z" }, 3, false)] // a member added since: by name
    [InlineData(new[] { "X" }, 1, false)]       // a member removed since: by name
    public void Only_an_object_stored_with_the_declared_layout_is_read_straight_through(string[] stored, int count, bool current)
    {
        var layout = new TypeLayout(TypeName, ["X", "Y"]);
        var options = new LayoutMappingOptions([new StoredLayout(TypeName, stored)]);

        Assert.Equal(current, layout.IsCurrent(options, count));
        if (!current) Assert.NotSame(layout.Identity, layout.MapOf(options, count));
    }

    [Fact]
    public void Without_a_stored_layout_an_object_of_the_declared_count_is_read_straight_through_and_any_other_count_by_position()
    {
        var layout = new TypeLayout(TypeName, ["X", "Y"]);
        var noLayouts = new LayoutMappingOptions([]);

        Assert.True(layout.IsCurrent(noLayouts, 2));
        Assert.True(layout.IsCurrent(MessagePackSerializerOptions.Standard, 2));
        Assert.False(layout.IsCurrent(noLayouts, 3));
        Assert.Equal([0, 1, -1], layout.MapOf(noLayouts, 3));
    }

    [Fact]
    public void A_renamed_unit_type_is_read_through_the_layout_its_state_stored_first()
    {
        var layout = new TypeLayout("Demo.RenamedPoint", ["Y", "X"]);
        var options = new LayoutMappingOptions([new StoredLayout(TypeName, ["X", "Y"])]);

        options.AliasRoot(layout);

        Assert.Equal([1, 0], layout.MapOf(options, 2));
    }

    public sealed record PointV1(int X, int Y)
    {
        public static readonly ListStateDescriptor<PointV1> State = new("points", formatter: new Formatter(), typeName: "Point");

        private sealed class Formatter : IMessagePackFormatter<PointV1>, ILayoutFormatter
        {
            private static readonly TypeLayout Layout = new(TypeName, ["X", "Y"]);

            TypeLayout ILayoutFormatter.Layout => Layout;

            public void Serialize(ref MessagePackWriter writer, PointV1 value, MessagePackSerializerOptions options)
            {
                Layout.Note(options);
                writer.WriteArrayHeader(2);
                writer.Write(value.X);
                writer.Write(value.Y);
            }

            public PointV1 Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
            {
                int x = 0, y = 0;
                var count = reader.ReadArrayHeader();
                var map = Layout.MapOf(options, count);
                for (var i = 0; i < count; i++)
                {
                    switch (map[i])
                    {
                        case 0: x = reader.ReadInt32(); break;
                        case 1: y = reader.ReadInt32(); break;
                        default: reader.Skip(); break;
                    }
                }
                return new PointV1(x, y);
            }
        }
    }

    /// <summary>The next version: members reordered, Z added.</summary>
    public sealed record PointV2(int Y, int Z, int X)
    {
        public static readonly ListStateDescriptor<PointV2> State = new("points", formatter: new Formatter(), typeName: "Point");

        private sealed class Formatter : IMessagePackFormatter<PointV2>, ILayoutFormatter
        {
            private static readonly TypeLayout Layout = new(TypeName, ["Y", "Z", "X"]);

            TypeLayout ILayoutFormatter.Layout => Layout;

            public void Serialize(ref MessagePackWriter writer, PointV2 value, MessagePackSerializerOptions options)
            {
                Layout.Note(options);
                writer.WriteArrayHeader(3);
                writer.Write(value.Y);
                writer.Write(value.Z);
                writer.Write(value.X);
            }

            public PointV2 Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
            {
                int x = 0, y = 0, z = -1;
                var count = reader.ReadArrayHeader();
                var map = Layout.MapOf(options, count);
                for (var i = 0; i < count; i++)
                {
                    switch (map[i])
                    {
                        case 0: y = reader.ReadInt32(); break;
                        case 1: z = reader.ReadInt32(); break;
                        case 2: x = reader.ReadInt32(); break;
                        default: reader.Skip(); break;
                    }
                }
                return new PointV2(y, z, x);
            }
        }
    }

    private sealed class Points<T>(ListStateDescriptor<T> state, List<T> items) : ICheckpointedFunction
    {
        public List<T> Items { get; private set; } = items;

        public void SnapshotState(ISnapshotContext context) => context.AddRange(state, Items);

        public void RestoreState(IRestoreContext context) => Items = [.. context.Get(state)];
    }
}
