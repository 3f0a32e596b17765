using System.CommandLine;
using System.Text.Json.Nodes;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// <c>ckpt show PATH</c>: operators → states → subtasks with unit counts and sizes, and the first units of each
/// subtask decoded without the job's assembly (member names from the layouts stored with the state).
/// </summary>
internal static class ShowCommand
{
    public static Command Create(TextWriter output)
    {
        var path = CommonOptions.Path();
        var uid = new Option<string?>("--operator") { Description = "Only the operator with this uid." };
        var state = new Option<string?>("--state") { Description = "Only states with this name." };
        var json = CommonOptions.Json();
        var limit = new Option<int>("--limit") { Description = "Units decoded per subtask and state (0: none).", DefaultValueFactory = _ => 3 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--limit must be 0 or more.");
        });
        var command = new Command("show", "Show operators, states and subtasks with unit counts, sizes and decoded units.") { path, uid, state, json, limit };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(path), result.GetValue(uid), result.GetValue(state), result.GetValue(json), result.GetValue(limit), token));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string path, string? uid, string? stateName, bool json, int limit, CancellationToken token)
    {
        using var places = Places.From(result);
        var reader = await CheckpointPath.LoadAsync(places, path, progress: null, token);
        var operators = uid is null ? reader.Operators : [reader.Operator(uid)];
        var selected = operators
            .Select(op => (Operator: op, States: stateName is null ? op.States : [.. op.States.Where(s => s.Name == stateName)]))
            .Where(x => stateName is null || x.States.Count > 0)
            .ToList();
        if (stateName is not null && selected.Count == 0)
            throw new UsageException($"No {(uid is null ? "operator" : $"state of operator '{uid}'")} has a state named '{stateName}'.");

        var decoded = selected.ToDictionary(
            x => x.Operator.Uid,
            x => limit > 0 ? reader.ReadOperatorAsTree(x.Operator.Uid, limit) : null,
            StringComparer.Ordinal);
        if (json)
        {
            var root = Summary.Checkpoint(reader);
            root["operators"] = new JsonArray([.. selected.Select(x =>
            {
                var node = Summary.Operator(x.Operator);
                node["states"] = new JsonArray([.. x.States.Select(s =>
                {
                    var stateNode = Summary.State(s);
                    stateNode["subtasks"] = new JsonArray([.. Enumerable.Range(0, x.Operator.Parallelism).Select(i => (JsonNode)new JsonObject
                    {
                        ["subtask"] = i,
                        ["units"] = s.UnitCounts[i],
                        ["bytes"] = s.ByteCounts[i],
                        ["values"] = new JsonArray([.. (decoded[x.Operator.Uid]?[s.Name][i] ?? []).Select(v => v?.DeepClone())]),
                    })]);
                    return (JsonNode)stateNode;
                })]);
                return (JsonNode)node;
            })]);
            Terminal.WriteJson(output, root);
            return ExitCodes.Ok;
        }

        var tree = new Tree(Terminal.Escape(
            $"{Terminal.Kind(reader.IsSavepoint)} {reader.CheckpointId} of job '{reader.JobName}', {Terminal.Time(reader.Timestamp)}, " +
            $"{Terminal.Counted(reader.FileNames.Count + 1, "file")}, {Terminal.Size(reader.Size)} ({reader.Location})"));
        foreach (var (op, states) in selected)
        {
            var opNode = tree.AddNode(Terminal.Escape($"{op.Uid}  parallelism {op.Parallelism}, {Terminal.Units(op.UnitCount)}, {Terminal.Size(op.ByteCount)}"));
            foreach (var s in states)
            {
                var stateNode = opNode.AddNode(Terminal.Escape($"{s.Name}  {s.Mode} of {s.TypeName}, {Terminal.Units(s.UnitCount)}, {Terminal.Size(s.ByteCount)}"));
                foreach (var layout in s.Layouts) stateNode.AddNode(Terminal.Escape($"layout {layout.TypeName}({string.Join(", ", layout.Members)})"));
                for (var i = 0; i < op.Parallelism; i++)
                {
                    var subtaskNode = stateNode.AddNode(Terminal.Escape($"subtask {i}: {Terminal.Units(s.UnitCounts[i])}, {Terminal.Size(s.ByteCounts[i])}"));
                    var values = decoded[op.Uid]?[s.Name][i] ?? [];
                    foreach (var value in values) subtaskNode.AddNode(Terminal.Escape(Shorten(value?.ToJsonString() ?? "null")));
                    if (values.Count > 0 && s.UnitCounts[i] > values.Count) subtaskNode.AddNode(Terminal.Escape($"… {Terminal.Count(s.UnitCounts[i] - values.Count)} more"));
                }
            }
        }
        Terminal.Console(output).Write(tree);
        return ExitCodes.Ok;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";
}
