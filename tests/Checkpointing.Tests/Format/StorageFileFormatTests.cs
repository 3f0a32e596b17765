using CsCheck;
using Checkpointing.Format;
using Checkpointing.Storage;

namespace Checkpointing.Tests.Format;

/// <summary>The two file kinds storage writes (metadata and subtask state) share the frame and its guarantees.</summary>
public class StorageFileFormatTests
{
    private static readonly ListStateDescriptor<long> Values = new("values");

    private static byte[] SubtaskFile() =>
        SubtaskStateFile.Encode(4, [Checkpointing.Snapshots.FunctionState.Snapshot(
            new Samples.StateWriter(c => { c.AddRange(Values, [1L, 2L, 3L]); c.Add(Samples.Names, "x"); }), "op", 1, 3, 4, 40)]);

    private static byte[] MetadataFile() =>
        new CheckpointMetadata(4, 1_700_000_000_000, "job-é", true, [new StateFileInfo("subtask-0", 123, 0xDEADBEEFCAFEF00D), new StateFileInfo("subtask-1", 0, 0)]).ToBytes();

    [Fact]
    public void Metadata_round_trips_field_by_field_and_byte_for_byte()
    {
        var bytes = MetadataFile();
        var metadata = CheckpointMetadata.FromBytes(bytes, "m");
        Assert.Equal(4, metadata.CheckpointId);
        Assert.Equal(1_700_000_000_000, metadata.Timestamp);
        Assert.Equal("job-é", metadata.JobName);
        Assert.True(metadata.IsSavepoint);
        Assert.Equal([new StateFileInfo("subtask-0", 123, 0xDEADBEEFCAFEF00D), new StateFileInfo("subtask-1", 0, 0)], metadata.Files);
        Assert.Equal(bytes, metadata.ToBytes());
    }

    [Fact]
    public void A_subtask_state_file_round_trips()
    {
        var parts = SubtaskStateFile.Decode(SubtaskFile(), 4, "f");
        var part = Assert.Single(parts);
        Assert.Equal(("op", 1, 3), (part.OperatorUid, part.SubtaskIndex, part.Parallelism));
        Assert.Equal(["names", "values"], part.States.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(3, part.States.Single(s => s.Name == "values").Units.Count);
        Assert.Equal(SubtaskFile(), SubtaskStateFile.Encode(4, parts));
    }

    [Fact]
    public void Every_flip_and_truncation_of_a_metadata_file_is_a_format_exception()
    {
        var bytes = MetadataFile();
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x04;
            Assert.True(Record.Exception(() => CheckpointMetadata.FromBytes(damaged, "m")) is CheckpointFormatException, $"flip at {i}");
            Assert.True(Record.Exception(() => CheckpointMetadata.FromBytes(bytes[..i], "m")) is CheckpointFormatException, $"truncated to {i}");
        }
    }

    [Fact]
    public void Every_flip_and_truncation_of_a_subtask_file_is_a_format_exception()
    {
        var bytes = SubtaskFile();
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x04;
            Assert.True(Record.Exception(() => SubtaskStateFile.Decode(damaged, 4, "f")) is CheckpointFormatException, $"flip at {i}");
            Assert.True(Record.Exception(() => SubtaskStateFile.Decode(bytes[..i], 4, "f")) is CheckpointFormatException, $"truncated to {i}");
        }
    }

    [Fact]
    public void Random_metadata_payloads_are_rejected_with_a_format_exception_or_reencode_exactly()
    {
        Gen.Byte[0, 6].Array[0, 40].Sample(payload =>
        {
            var file = Envelope.Wrap(FileKind.Metadata, payload);
            CheckpointMetadata metadata;
            try { metadata = CheckpointMetadata.FromBytes(file, "m"); }
            catch (CheckpointFormatException) { return; }
            Assert.Equal(file, metadata.ToBytes());
        }, iter: 5000);
    }

    [Fact]
    public void Random_subtask_payloads_are_rejected_with_a_format_exception_or_reencode_exactly()
    {
        var payload = Envelope.Unwrap(SubtaskFile(), FileKind.SubtaskState, "f").ToArray();
        Gen.Select(Gen.Int[0, payload.Length - 1], Gen.Byte).Array[1, 3].Sample(edits =>
        {
            var edited = (byte[])payload.Clone();
            foreach (var (at, value) in edits) edited[at] = value;
            var file = Envelope.Wrap(FileKind.SubtaskState, edited);
            IReadOnlyList<Checkpointing.Snapshots.OperatorSubtaskState> parts;
            try { parts = SubtaskStateFile.Decode(file, 4, "f"); }
            catch (CheckpointFormatException) { return; }
            Assert.Equal(file, SubtaskStateFile.Encode(4, parts));
        }, iter: 5000);
    }

    [Fact]
    public void A_subtask_file_of_another_checkpoint_names_both_ids()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => SubtaskStateFile.Decode(SubtaskFile(), 5, "chk-5/subtask-1"));
        Assert.Contains("chk-5/subtask-1", error.Message);
        Assert.Contains("belongs to checkpoint 4, not 5", error.Message);
    }

    [Fact]
    public void A_bad_savepoint_flag_is_named_with_its_offset()
    {
        var payload = FormatWriter.Encode(writer =>
        {
            writer.WriteVarInt(1);
            writer.WriteVarInt(2);
            writer.WriteString("j");
            writer.WriteByte(2);
        });
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointMetadata.FromBytes(Envelope.Wrap(FileKind.Metadata, payload), "chk-1/_metadata"));
        Assert.Contains("chk-1/_metadata: cannot read savepoint flag at payload offset 4", error.Message);
        Assert.Contains("2 is neither 0 nor 1", error.Message);
    }
}
