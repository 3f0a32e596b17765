using System.Text.Json.Nodes;

namespace Checkpointing.Tool.Output;

/// <summary>The JSON every command shares for a loaded checkpoint, its operators and states: one shape, so scripts can rely on it.</summary>
internal static class Summary
{
    public static JsonObject Checkpoint(SavepointReader reader) => new()
    {
        ["location"] = reader.Location,
        ["checkpointId"] = reader.CheckpointId,
        ["kind"] = Terminal.Kind(reader.IsSavepoint),
        ["job"] = reader.JobName,
        ["timestamp"] = reader.Timestamp.ToUnixTimeMilliseconds(),
        ["time"] = reader.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["files"] = reader.FileNames.Count + 1,
        ["bytes"] = reader.Size,
    };

    public static JsonObject Operator(SavepointOperator op) => new()
    {
        ["uid"] = op.Uid,
        ["parallelism"] = op.Parallelism,
        ["units"] = op.UnitCount,
        ["bytes"] = op.ByteCount,
    };

    public static JsonObject State(SavepointState state) => new()
    {
        ["name"] = state.Name,
        ["mode"] = state.Mode.ToString(),
        ["type"] = state.TypeName,
        ["units"] = state.UnitCount,
        ["bytes"] = state.ByteCount,
        ["layouts"] = new JsonArray([.. state.Layouts.Select(l => (JsonNode)new JsonObject
        {
            ["type"] = l.TypeName,
            ["members"] = new JsonArray([.. l.Members.Select(m => (JsonNode)JsonValue.Create(m))]),
        })]),
    };
}
