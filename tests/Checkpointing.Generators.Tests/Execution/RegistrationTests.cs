using Checkpointing.Generators.Tests.Execution.Functions;
using Checkpointing.Serialization;
using MessagePack;

namespace Checkpointing.Generators.Tests.Execution;

public class RegistrationTests
{
    [Fact]
    public void Hand_written_list_state_needs_no_annotations()
    {
        Assert.True(CheckpointFormatters.IsRegistered<Offsets>());
        var seen = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var source = new HandWrittenSource { State = [new Offsets("p0", 10, seen), new Offsets("p1", 20, seen)] };

        var bytes = CheckpointHarness.Snapshot([source]).ToBytes();
        var restored = CheckpointHarness.Restore(OperatorSnapshot.FromBytes(bytes), 1, () => new HandWrittenSource());

        Assert.Equal(source.State, restored[0].State);
    }

    [Fact]
    public void Two_phase_commit_transaction_type_gets_a_formatter()
    {
        Assert.True(CheckpointFormatters.IsRegistered<LineTransaction>());
        var formatter = CheckpointFormatters.Get<LineTransaction>();
        var transaction = new LineTransaction("a.txt", ["one", "two"]);
        var bytes = MessagePackSerializer.Serialize(transaction, CheckpointFormatters.Options);
        var back = MessagePackSerializer.Deserialize<LineTransaction>(bytes, CheckpointFormatters.Options);
        Assert.Equal("a.txt", back.Path);
        Assert.Equal(["one", "two"], back.Lines);
        Assert.NotNull(formatter);
    }
}

public class HandWrittenBaseTests
{
    [Fact]
    public void Generated_state_extends_a_hand_written_base_without_losing_its_state()
    {
        var sink = new CountingTransactionalSink();
        sink.Open();
        sink.Invoke("a");
        sink.Invoke("b");
        var snapshot = CheckpointHarness.Snapshot([sink]);

        Assert.Contains("$scalars", snapshot.StateNames);
        Assert.Contains("Recent", snapshot.StateNames);
        Assert.Contains(snapshot.StateNames, n => n.StartsWith("$2pc", StringComparison.Ordinal));

        var restored = CheckpointHarness.Restore(OperatorSnapshot.FromBytes(snapshot.ToBytes()), 1, () => new CountingTransactionalSink())[0];
        Assert.Equal(2, restored.Written);
        Assert.Equal(["a", "b"], restored.Recent);
    }
}
