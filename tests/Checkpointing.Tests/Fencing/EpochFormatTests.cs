using Checkpointing.Format;

namespace Checkpointing.Tests.Fencing;

/// <summary>Epoch 0 leaves names and bytes as they were; an epoch above 0 adds a suffix and one trailing field.</summary>
public class EpochFormatTests
{
    private static readonly StateFileInfo[] Files = [new("subtask-0", 123, 0xDEADBEEFCAFEF00D), new("subtask-1", 0, 0)];

    /// <summary>The metadata payload as docs/checkpoint-format.md specifies it, encoded here independently of the runtime's writer.</summary>
    private static byte[] SpecifiedPayload(long id, long timestamp, string job, bool savepoint)
    {
        var bytes = new List<byte>();
        void VarUInt(ulong v)
        {
            for (; v >= 0x80; v >>= 7) bytes.Add((byte)(v | 0x80));
            bytes.Add((byte)v);
        }
        void VarInt(long v) => VarUInt((ulong)((v << 1) ^ (v >> 63)));
        void Text(string s)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
            VarUInt((ulong)utf8.Length);
            bytes.AddRange(utf8);
        }
        VarInt(id);
        VarInt(timestamp);
        Text(job);
        bytes.Add(savepoint ? (byte)1 : (byte)0);
        VarUInt((ulong)Files.Length);
        foreach (var f in Files)
        {
            Text(f.Name);
            VarUInt((ulong)f.Length);
            VarUInt(f.Checksum);
        }
        return [.. bytes];
    }

    [Fact]
    public void Epoch_0_metadata_is_byte_for_byte_the_format_without_epochs()
    {
        var written = new CheckpointMetadata(4, 1_700_000_000_000, "job-é", false, Files).ToBytes();
        Assert.Equal(Envelope.Wrap(FileKind.Metadata, SpecifiedPayload(4, 1_700_000_000_000, "job-é", false)), written);
        Assert.Equal(written, new CheckpointMetadata(4, 1_700_000_000_000, "job-é", false, Files, Epoch: 0).ToBytes());
        Assert.Equal(0, CheckpointMetadata.FromBytes(written, "m").Epoch);
    }

    [Fact]
    public void An_epoch_is_one_trailing_field_that_round_trips()
    {
        const long Epoch = 1_764_000_000_123;
        var written = new CheckpointMetadata(4, 5, "job", false, Files, Epoch).ToBytes();
        var payload = SpecifiedPayload(4, 5, "job", false).ToList();
        for (var v = (ulong)Epoch; ; v >>= 7)
        {
            if (v < 0x80) { payload.Add((byte)v); break; }
            payload.Add((byte)(v | 0x80));
        }
        Assert.Equal(Envelope.Wrap(FileKind.Metadata, [.. payload]), written);
        var read = CheckpointMetadata.FromBytes(written, "m");
        Assert.Equal(Epoch, read.Epoch);
        Assert.Equal(written, read.ToBytes());
    }

    [Fact]
    public void A_present_epoch_of_0_is_rejected_so_bytes_stay_canonical()
    {
        var payload = SpecifiedPayload(4, 5, "job", false).Append((byte)0).ToArray();
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointMetadata.FromBytes(Envelope.Wrap(FileKind.Metadata, payload), "m"));
        Assert.Contains("epoch", error.Message);
    }

    [Theory]
    [InlineData(7L, 0L, "chk-7")]
    [InlineData(7L, 3L, "chk-7-e3")]
    [InlineData(12L, 1_764_000_000_123L, "chk-12-e1764000000123")]
    public void Folder_names_carry_the_epoch_only_above_0(long id, long epoch, string name)
    {
        Assert.Equal(name, CheckpointFolderName.Of(id, epoch));
        Assert.Equal(id, CheckpointFolderName.IdOf(name));
        Assert.Equal(epoch, CheckpointFolderName.EpochOf(name));
    }

    [Theory]
    [InlineData("chk-7-e0")]
    [InlineData("chk-7-e")]
    [InlineData("chk--e3")]
    [InlineData("chk-7-x3")]
    [InlineData("_epochs")]
    public void Names_that_are_no_checkpoint_are_not_read_as_one(string name)
    {
        Assert.Null(CheckpointFolderName.IdOf(name));
        Assert.Null(CheckpointFolderName.EpochOf(name));
    }

    [Fact]
    public async Task A_checkpoint_whose_name_and_metadata_disagree_on_the_epoch_does_not_load()
    {
        var storage = new InMemoryCheckpointStorage();
        var target = storage.BeginCheckpoint(Storage.Checkpoints.Job, 3, 2);
        var files = Storage.Checkpoints.Files(3);
        foreach (var (name, bytes) in files) await target.WriteFileAsync(name, bytes, CancellationToken.None);
        await target.CommitAsync(Storage.Checkpoints.Metadata(3, files, epoch: 1), CancellationToken.None);
        var stored = Assert.Single(await storage.ListCheckpointsAsync(Storage.Checkpoints.Job));
        var error = await Assert.ThrowsAsync<CheckpointFormatException>(() => Checkpointing.Storage.CompletedCheckpoint.LoadAsync(stored));
        Assert.Contains("epoch 2", error.Message);
    }
}
