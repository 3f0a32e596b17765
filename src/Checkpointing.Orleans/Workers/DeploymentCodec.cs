using Checkpointing.Execution;
using Checkpointing.Format;
using Checkpointing.Snapshots;

namespace Checkpointing.Orleans.Workers;

/// <summary>
/// The subtasks a worker in another silo is to run and the state shares they restore, as one byte array: the same
/// payload encoding as checkpoint files (<see cref="StateCodec"/> headers), so a worker receives exactly the byte
/// ranges the job's restore planning assigned it (see <see cref="StateAssignment"/>).
/// </summary>
internal static class DeploymentCodec
{
    private const string What = "a subtask deployment sent to a worker";

    public static byte[] Encode(IReadOnlyList<SubtaskDeployment> deployments) => FormatWriter.Encode(writer =>
    {
        writer.WriteVarUInt((ulong)deployments.Count);
        foreach (var deployment in deployments)
        {
            writer.WriteVarUInt((ulong)deployment.Id.Source);
            writer.WriteVarUInt((ulong)deployment.Id.Index);
            writer.WriteVarUInt((ulong)deployment.Restores.Count);
            foreach (var restore in deployment.Restores)
            {
                writer.WriteString(restore.OperatorUid);
                writer.WriteVarInt(restore.CheckpointId);
                writer.WriteVarUInt((ulong)restore.PreviousParallelism);
                writer.WriteVarUInt((ulong)restore.Share.Count);
                foreach (var (_, state) in restore.Share)
                {
                    StateCodec.WriteHeader(writer, state.Name, state.Mode, state.TypeName, state.Layouts);
                    writer.WriteVarUInt((ulong)state.Count);
                    writer.WriteVarUInt((ulong)state.Chunks.Count);
                    foreach (var chunk in state.Chunks) writer.WriteBlock(chunk.Span);
                }
            }
        }
    });

    public static IReadOnlyList<SubtaskDeployment> Decode(byte[] bytes)
    {
        var reader = new FormatReader(bytes, What);
        var count = reader.ReadCount("deployment count", bytes.Length);
        var deployments = new List<SubtaskDeployment>(count);
        for (var d = 0; d < count; d++)
        {
            var source = reader.ReadCount("source", bytes.Length);
            var index = reader.ReadCount("subtask index", StateCodec.MaxParallelism);
            var restoreCount = reader.ReadCount("restore count", bytes.Length);
            var restores = new List<OperatorRestore>(restoreCount);
            for (var r = 0; r < restoreCount; r++)
            {
                var uid = reader.ReadString("operator uid");
                var checkpointId = reader.ReadVarInt($"checkpoint id of '{uid}'");
                var previous = reader.ReadCount($"previous parallelism of '{uid}'", StateCodec.MaxParallelism);
                var stateCount = reader.ReadCount($"state count of '{uid}'", bytes.Length);
                var share = new Dictionary<string, AssignedState>(stateCount, StringComparer.Ordinal);
                for (var s = 0; s < stateCount; s++)
                {
                    var (name, mode, type, layouts) = StateCodec.ReadHeader(ref reader);
                    var units = reader.ReadCount($"unit count of state '{name}'");
                    var chunks = new ReadOnlyMemory<byte>[reader.ReadCount($"chunk count of state '{name}'", bytes.Length)];
                    for (var c = 0; c < chunks.Length; c++) chunks[c] = reader.ReadBlock($"chunk {c} of state '{name}'");
                    share[name] = new AssignedState(name, mode, type, layouts, chunks, units);
                }
                restores.Add(new OperatorRestore(uid, checkpointId, previous, share));
            }
            deployments.Add(new SubtaskDeployment(new SubtaskId(source, index), restores));
        }
        reader.ExpectEnd();
        return deployments;
    }
}
