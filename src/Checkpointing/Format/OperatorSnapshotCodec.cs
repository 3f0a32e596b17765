using Checkpointing.Snapshots;

namespace Checkpointing.Format;

/// <summary>The bytes of <see cref="OperatorSnapshot.ToBytes"/>: the operator's states, each a header and every subtask's unit block.</summary>
internal static class OperatorSnapshotCodec
{
    /// <summary>The snapshot as one framed, checksummed file.</summary>
    public static byte[] Encode(OperatorSnapshot snapshot) => Envelope.Write(FileKind.OperatorSnapshot, writer =>
    {
        writer.WriteString(snapshot.OperatorUid);
        writer.WriteVarInt(snapshot.CheckpointId);
        writer.WriteVarUInt((ulong)snapshot.Parallelism);
        writer.WriteVarUInt((ulong)snapshot.States.Count);
        foreach (var state in snapshot.States)
        {
            StateCodec.WriteHeader(writer, state.Name, state.Mode, state.TypeName, state.Layouts);
            foreach (var block in state.PerSubtask) StateCodec.WriteUnits(writer, block);
        }
    });

    /// <summary>Reads bytes written by <see cref="Encode"/>. Damaged input throws <see cref="CheckpointFormatException"/> and nothing else.</summary>
    public static OperatorSnapshot Decode(ReadOnlySpan<byte> bytes)
    {
        const string what = "Operator snapshot";
        try
        {
            var copy = bytes.ToArray();
            var reader = new FormatReader(Envelope.Unwrap(copy, FileKind.OperatorSnapshot, what), what);
            var uid = reader.ReadString("operator uid");
            var checkpointId = reader.ReadVarInt("checkpoint id");
            var parallelism = reader.ReadCount("parallelism", StateCodec.MaxParallelism);
            if (parallelism < 1) throw reader.Fail("parallelism", reader.Position, "must be at least 1");
            var stateCount = reader.ReadCount("state count", copy.Length);
            var states = new List<OperatorState>(stateCount);
            string? previous = null;
            for (var i = 0; i < stateCount; i++)
            {
                var (name, mode, type, layouts) = StateCodec.ReadHeader(ref reader);
                if (previous is not null && string.CompareOrdinal(previous, name) >= 0)
                    throw reader.Fail($"state '{name}'", reader.Position, "states are not in strictly ascending ordinal order");
                previous = name;
                var blocks = new UnitBlock[parallelism];
                for (var s = 0; s < parallelism; s++) blocks[s] = StateCodec.ReadUnits(ref reader, $"{what}, state '{name}', subtask {s}");
                states.Add(new OperatorState(name, mode, type, layouts, blocks));
            }
            reader.ExpectEnd();
            return new OperatorSnapshot(uid, parallelism, checkpointId, states);
        }
        catch (Exception e) when (e is not CheckpointFormatException)
        {
            throw new CheckpointFormatException($"{what}: unreadable: {e.Message}", e);
        }
    }
}
