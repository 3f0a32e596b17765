using System.CommandLine;
using System.Text.Json.Nodes;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary><c>ckpt diff A B</c>: operators added or removed, parallelism changed, states added, removed or changed (mode, type, units per subtask, bytes).</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output)
    {
        var before = CommonOptions.Path("The first (older) checkpoint or savepoint.", "A");
        var after = CommonOptions.Path("The second (newer) checkpoint or savepoint.", "B");
        var json = CommonOptions.Json();
        var command = new Command("diff", "Show what changed between two checkpoints: operators, states, unit counts and bytes.") { before, after, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(before), result.GetRequiredValue(after), result.GetValue(json), token));
        return command;
    }

    private sealed record Change(string Kind, string Uid, string? State, string Text, JsonNode? Before, JsonNode? After);

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string first, string second, bool json, CancellationToken token)
    {
        using var places = Places.From(result);
        var a = await CheckpointPath.LoadAsync(places, first, progress: null, token);
        var b = await CheckpointPath.LoadAsync(places, second, progress: null, token);
        var changes = Compare(a, b);
        if (json)
        {
            Terminal.WriteJson(output, new JsonObject
            {
                ["a"] = Summary.Checkpoint(a),
                ["b"] = Summary.Checkpoint(b),
                ["changes"] = new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject
                {
                    ["kind"] = c.Kind,
                    ["uid"] = c.Uid,
                    ["state"] = c.State,
                    ["before"] = c.Before,
                    ["after"] = c.After,
                })]),
            });
            return ExitCodes.Ok;
        }
        var console = Terminal.Console(output);
        console.WriteLine($"A: {Terminal.Kind(a.IsSavepoint)} {a.CheckpointId} of job '{a.JobName}', {Terminal.Time(a.Timestamp)} ({a.Location})");
        console.WriteLine($"B: {Terminal.Kind(b.IsSavepoint)} {b.CheckpointId} of job '{b.JobName}', {Terminal.Time(b.Timestamp)} ({b.Location})");
        if (changes.Count == 0) console.WriteLine("No differences in operators, states, unit counts or bytes.");
        foreach (var change in changes) console.WriteLine(change.Text);
        return ExitCodes.Ok;
    }

    private static List<Change> Compare(SavepointReader a, SavepointReader b)
    {
        var changes = new List<Change>();
        var before = a.Operators.ToDictionary(o => o.Uid, StringComparer.Ordinal);
        var after = b.Operators.ToDictionary(o => o.Uid, StringComparer.Ordinal);
        foreach (var op in a.Operators.Where(o => !after.ContainsKey(o.Uid)))
            changes.Add(new Change("operator-removed", op.Uid, null, $"- operator '{op.Uid}' (parallelism {op.Parallelism}, {Terminal.Counted(op.States.Count, "state")}, {Terminal.Units(op.UnitCount)})", Summary.Operator(op), null));
        foreach (var op in b.Operators.Where(o => !before.ContainsKey(o.Uid)))
            changes.Add(new Change("operator-added", op.Uid, null, $"+ operator '{op.Uid}' (parallelism {op.Parallelism}, {Terminal.Counted(op.States.Count, "state")}, {Terminal.Units(op.UnitCount)})", null, Summary.Operator(op)));
        foreach (var old in a.Operators.Where(o => after.ContainsKey(o.Uid)))
        {
            var now = after[old.Uid];
            if (old.Parallelism != now.Parallelism)
                changes.Add(new Change("parallelism", old.Uid, null, $"~ operator '{old.Uid}': parallelism {old.Parallelism} -> {now.Parallelism}", old.Parallelism, now.Parallelism));
            var nowStates = now.States.ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var state in old.States.Where(s => !nowStates.ContainsKey(s.Name)))
                changes.Add(new Change("state-removed", old.Uid, state.Name, $"- state '{old.Uid}/{state.Name}' ({state.Mode} of {state.TypeName}, {Terminal.Units(state.UnitCount)})", Detail(state), null));
            foreach (var state in now.States.Where(s => !old.States.Any(o => o.Name == s.Name)))
                changes.Add(new Change("state-added", old.Uid, state.Name, $"+ state '{old.Uid}/{state.Name}' ({state.Mode} of {state.TypeName}, {Terminal.Units(state.UnitCount)})", null, Detail(state)));
            foreach (var state in old.States.Where(s => nowStates.ContainsKey(s.Name)))
            {
                var next = nowStates[state.Name];
                var what = new List<string>();
                if (state.Mode != next.Mode) what.Add($"mode {state.Mode} -> {next.Mode}");
                if (state.TypeName != next.TypeName) what.Add($"type {state.TypeName} -> {next.TypeName}");
                if (!state.UnitCounts.SequenceEqual(next.UnitCounts))
                    what.Add($"units {Terminal.Count(state.UnitCount)} -> {Terminal.Count(next.UnitCount)} (per subtask [{string.Join(", ", state.UnitCounts)}] -> [{string.Join(", ", next.UnitCounts)}])");
                if (state.ByteCount != next.ByteCount) what.Add($"bytes {Terminal.Count(state.ByteCount)} -> {Terminal.Count(next.ByteCount)}");
                if (what.Count > 0)
                    changes.Add(new Change("state-changed", old.Uid, state.Name, $"~ state '{old.Uid}/{state.Name}': {string.Join("; ", what)}", Detail(state), Detail(next)));
            }
        }
        return changes;
    }

    private static JsonObject Detail(SavepointState state)
    {
        var node = Summary.State(state);
        node["unitsPerSubtask"] = new JsonArray([.. state.UnitCounts.Select(c => (JsonNode)c)]);
        node["bytesPerSubtask"] = new JsonArray([.. state.ByteCounts.Select(c => (JsonNode)c)]);
        return node;
    }
}
