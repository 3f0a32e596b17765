using Checkpointing.Format;
using Mode = Checkpointing.Redistribution;

namespace Checkpointing.Tests.Format;

/// <summary>Real snapshots made by the harness, and helpers to rebuild damaged files with a valid frame.</summary>
internal static class Samples
{
    public static readonly ListStateDescriptor<long> Offsets = new("offsets");
    public static readonly ListStateDescriptor<string> Names = new("names", Mode.Union);
    public static readonly ListStateDescriptor<int[]> Config = new("config", Mode.Broadcast);
    public static readonly ListStateDescriptor<long> Nothing = new("nothing");

    /// <summary>Three subtasks, four states (one of them empty everywhere), units of several MessagePack shapes.</summary>
    public static OperatorSnapshot Snapshot(long checkpointId = 5) => CheckpointHarness.Snapshot(
        [.. Enumerable.Range(0, 3).Select(i => new StateWriter(c =>
        {
            c.AddRange(Offsets, Enumerable.Range(0, i + 1).Select(k => (long)(i * 1_000_000_007 + k)));
            c.Add(Names, $"subtask-{i}-é");
            c.Add(Config, [1, 2, 300]);
            c.AddRange(Nothing, Array.Empty<long>());
        }))], checkpointId);

    public static byte[] Bytes() => Snapshot().ToBytes();

    public static byte[] Payload(byte[] file) => Envelope.Unwrap(file, FileKind.OperatorSnapshot, "sample").ToArray();

    public static byte[] Wrap(ReadOnlySpan<byte> payload) => Envelope.Wrap(FileKind.OperatorSnapshot, payload);

    /// <summary>A payload written field by field, so single fields can be made wrong.</summary>
    public static byte[] Payload(Action<FormatWriter> write) => Wrap(FormatWriter.Encode(write));

    /// <summary>Recomputes the checksum after the header was edited, so only the edit itself can be rejected.</summary>
    public static byte[] Reseal(byte[] file)
    {
        var copy = (byte[])file.Clone();
        var body = copy.AsSpan(0, copy.Length - 8);
        BitConverter.TryWriteBytes(copy.AsSpan(copy.Length - 8), Envelope.Checksum(body));
        return copy;
    }

    /// <summary>Decoding either fails with <see cref="CheckpointFormatException"/> or gives a snapshot that re-encodes to the same bytes.</summary>
    public static void AssertRejectedOrExact(byte[] file)
    {
        OperatorSnapshot decoded;
        try
        {
            decoded = OperatorSnapshot.FromBytes(file);
        }
        catch (CheckpointFormatException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"FromBytes threw {e.GetType().Name} instead of CheckpointFormatException: {e.Message}");
            return;
        }
        Assert.True(decoded.ToBytes().AsSpan().SequenceEqual(file), $"accepted bytes that re-encode differently: {Convert.ToHexString(file)}");
    }

    internal sealed class StateWriter(Action<ISnapshotContext> write) : ICheckpointedFunction
    {
        public void SnapshotState(ISnapshotContext context) => write(context);

        public void RestoreState(IRestoreContext context) { }
    }
}
