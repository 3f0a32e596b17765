using System.CommandLine;
using System.Text.Json.Nodes;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// Migrations that otherwise need <c>AllowNonRestoredState</c>: <c>ckpt remove-operator</c> drops an operator the job
/// no longer has, <c>ckpt rename-uid</c> moves state to the uid an operator was given since. Both write a new savepoint.
/// </summary>
internal static class MigrationCommands
{
    public static Command RemoveOperator(TextWriter output)
    {
        var path = CommonOptions.Path();
        var uid = new Argument<string>("UID") { Description = "The uid of the operator to remove." };
        var target = CommonOptions.Output();
        var json = CommonOptions.Json();
        var command = new Command("remove-operator", "Write a new savepoint without one operator's state.") { path, uid, target, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(path), result.GetRequiredValue(target), result.GetValue(json),
            writer => writer.RemoveOperator(result.GetRequiredValue(uid)), $"removed operator '{result.GetRequiredValue(uid)}'", token));
        return command;
    }

    public static Command RenameUid(TextWriter output)
    {
        var path = CommonOptions.Path();
        var from = new Argument<string>("OLD") { Description = "The uid the state is stored under." };
        var to = new Argument<string>("NEW") { Description = "The uid the job's operator has now." };
        var target = CommonOptions.Output();
        var json = CommonOptions.Json();
        var command = new Command("rename-uid", "Write a new savepoint with an operator's state under another uid.") { path, from, to, target, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(path), result.GetRequiredValue(target), result.GetValue(json),
            writer => writer.RenameOperator(result.GetRequiredValue(from), result.GetRequiredValue(to)),
            $"renamed uid '{result.GetRequiredValue(from)}' to '{result.GetRequiredValue(to)}'", token));
        return command;
    }

    /// <summary>Writes the new savepoint under <paramref name="target"/>, a folder or an <c>s3://</c> prefix; returns its location.</summary>
    public static Task<string> WriteAsync(Places places, SavepointWriter writer, string target, CancellationToken token)
    {
        var (folders, location) = places.Resolve(target);
        return writer.WriteAsync(folders.Storage, location, token);
    }

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string path, string target, bool json, Action<SavepointWriter> change, string what, CancellationToken token)
    {
        using var places = Places.From(result);
        var reader = await CheckpointPath.LoadAsync(places, path, progress: null, token);
        var writer = SavepointWriter.From(reader);
        change(writer);
        var written = await WriteAsync(places, writer, target, token);
        if (json)
            Terminal.WriteJson(output, new JsonObject { ["source"] = reader.Location, ["change"] = what, ["savepoint"] = written, ["operators"] = new JsonArray([.. writer.OperatorUids.Select(u => (JsonNode)u)]) });
        else
            Terminal.Console(output).WriteLine($"Wrote savepoint {written}: {what} (operators now: {(writer.OperatorUids.Count == 0 ? "none" : string.Join(", ", writer.OperatorUids.Select(u => $"'{u}'")))}).");
        return ExitCodes.Ok;
    }
}
