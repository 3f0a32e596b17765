using Checkpointing.Snapshots;

namespace Checkpointing.Format;

/// <summary>One subtask's state file: the state of every operator in its chain.</summary>
internal static class SubtaskStateFile
{
    public static byte[] Encode(long checkpointId, IReadOnlyList<OperatorSubtaskState> operators) => Envelope.Write(FileKind.SubtaskState, writer =>
    {
        writer.WriteVarInt(checkpointId);
        writer.WriteVarUInt((ulong)operators.Count);
        foreach (var op in operators)
        {
            writer.WriteString(op.OperatorUid);
            writer.WriteVarUInt((ulong)op.SubtaskIndex);
            writer.WriteVarUInt((ulong)op.Parallelism);
            writer.WriteVarUInt((ulong)op.States.Count);
            foreach (var entry in op.States) StateCodec.WriteEntry(writer, entry);
        }
    });

    public static IReadOnlyList<OperatorSubtaskState> Decode(ReadOnlyMemory<byte> bytes, long expectedCheckpointId, string what)
    {
        var reader = new FormatReader(Envelope.Unwrap(bytes, FileKind.SubtaskState, what), what);
        var id = reader.ReadVarInt("checkpoint id");
        if (id != expectedCheckpointId) throw reader.Fail("checkpoint id", 0, $"the file belongs to checkpoint {id}, not {expectedCheckpointId}");
        var count = reader.ReadCount("operator count", bytes.Length);
        var result = new List<OperatorSubtaskState>(count);
        for (var i = 0; i < count; i++)
        {
            var uid = reader.ReadString("operator uid");
            var subtask = reader.ReadCount($"subtask index of '{uid}'", StateCodec.MaxParallelism);
            var parallelism = reader.ReadCount($"parallelism of '{uid}'", StateCodec.MaxParallelism);
            var stateCount = reader.ReadCount($"state count of '{uid}'", bytes.Length);
            var states = new List<SubtaskStateEntry>(stateCount);
            for (var s = 0; s < stateCount; s++) states.Add(StateCodec.ReadEntry(ref reader, $"{what}, operator '{uid}'"));
            result.Add(new OperatorSubtaskState(uid, subtask, parallelism, states));
        }
        reader.ExpectEnd();
        return result;
    }
}
