using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// <c>ckpt rescale PATH --parallelism N --output DIR</c>: a new savepoint with the state redistributed for N subtasks
/// by the runtime's own rules, after a preview of which units each new subtask receives. A <c>[Checkpointed]</c>
/// scalar that a subtask would receive several times is refused, naming the field, as a live restore refuses it,
/// unless <c>--merged FIELD</c> says the field declares a Merge.
/// </summary>
internal static class RescaleCommand
{
    public static Command Create(TextWriter output)
    {
        var path = CommonOptions.Path();
        var parallelism = new Option<int>("--parallelism", "-p") { Description = "The new parallelism.", Required = true };
        parallelism.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 32_768) r.AddError("--parallelism must be between 1 and 32768.");
        });
        var target = CommonOptions.Output();
        var uid = new Option<string?>("--operator") { Description = "Rescale only the operator with this uid (default: every operator)." };
        var merged = new Option<string[]>("--merged") { Description = "A scalar field that declares a Merge, so it may receive several units (repeatable).", AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the preview and check the rules, write nothing." };
        var json = CommonOptions.Json();
        var command = new Command("rescale", "Redistribute state offline into a new savepoint for another parallelism.") { path, parallelism, target, uid, merged, dryRun, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(path), result.GetValue(parallelism), result.GetRequiredValue(target),
            result.GetValue(uid), result.GetValue(merged) ?? [], result.GetValue(dryRun), result.GetValue(json), token));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string path, int parallelism, string target, string? uid, string[] merged, bool dryRun, bool json, CancellationToken token)
    {
        using var places = Places.From(result);
        var reader = await CheckpointPath.LoadAsync(places, path, progress: null, token);
        var operators = uid is null ? reader.Operators : [reader.Operator(uid)];
        var writer = SavepointWriter.From(reader);
        if (uid is null) writer.ChangeParallelism(parallelism, merged);
        else writer.ChangeParallelism(uid, parallelism, merged);
        var written = dryRun ? null : await MigrationCommands.WriteAsync(places, writer, target, token);

        if (json)
        {
            Terminal.WriteJson(output, new JsonObject
            {
                ["source"] = reader.Location,
                ["parallelism"] = parallelism,
                ["operators"] = new JsonArray([.. operators.Select(op => (JsonNode)new JsonObject
                {
                    ["uid"] = op.Uid,
                    ["from"] = op.Parallelism,
                    ["to"] = parallelism,
                    ["moves"] = new JsonArray([.. op.PlanParallelism(parallelism).Select(m => (JsonNode)new JsonObject
                    {
                        ["state"] = m.State,
                        ["subtask"] = m.NewSubtask,
                        ["fromSubtask"] = m.OldSubtask,
                        ["firstUnit"] = m.FirstUnit,
                        ["units"] = m.UnitCount,
                    })]),
                })]),
                ["savepoint"] = written,
            });
            return ExitCodes.Ok;
        }

        var console = Terminal.Console(output);
        var table = new Table().AddColumns("Operator", "State", "New subtask", "Units", "Receives (old subtask: units)");
        foreach (var op in operators)
        {
            var moves = op.PlanParallelism(parallelism);
            foreach (var state in op.States)
            {
                for (var s = 0; s < parallelism; s++)
                {
                    var received = moves.Where(m => m.State == state.Name && m.NewSubtask == s).ToList();
                    table.AddRow(Terminal.Escape(op.Uid), Terminal.Escape(state.Name), s.ToString(CultureInfo.InvariantCulture),
                        Terminal.Count(received.Sum(m => (long)m.UnitCount)),
                        received.Count == 0 ? "-" : Terminal.Escape(string.Join(", ", received.Select(Describe))));
                }
            }
        }
        console.WriteLine($"{Terminal.Kind(reader.IsSavepoint)} {reader.CheckpointId} of job '{reader.JobName}': parallelism {string.Join("/", operators.Select(o => o.Parallelism).Distinct())} -> {parallelism}");
        console.Write(table);
        console.WriteLine(written is null ? "Dry run: the rules pass; nothing written." : $"Wrote savepoint {written}");
        return ExitCodes.Ok;
    }

    private static string Describe(UnitMove move) => move.UnitCount == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{move.OldSubtask}: #{move.FirstUnit}")
        : string.Create(CultureInfo.InvariantCulture, $"{move.OldSubtask}: #{move.FirstUnit}-#{move.FirstUnit + move.UnitCount - 1}");
}
