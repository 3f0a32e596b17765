using System.CommandLine;
using System.Text.Json.Nodes;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// <c>ckpt verify PATH</c>: every file's presence, length and checksum against the metadata, every frame, every
/// state header and every unit's MessagePack structure — what a restore checks — one file at a time.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter output)
    {
        var path = CommonOptions.Path();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check every checksum, length and structure; exit code 0 intact, 1 damaged, 2 usage error.") { path, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(path), result.GetValue(json), token));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string path, bool json, CancellationToken token)
    {
        var console = Terminal.Console(output);
        using var places = Places.From(result);
        var folder = places.Resolve(path).Location;
        try
        {
            var reader = await LoadAsync(console, places, path, showProgress: !json && console.Profile.Capabilities.Interactive, token);
            if (json)
            {
                var report = Summary.Checkpoint(reader);
                report["intact"] = true;
                report["operators"] = reader.Operators.Count;
                report["states"] = reader.Operators.Sum(o => o.States.Count);
                report["units"] = reader.Operators.Sum(o => o.UnitCount);
                Terminal.WriteJson(output, report);
            }
            else
            {
                console.MarkupLine($"[green]intact[/] {Terminal.Escape(reader.Location)}");
                console.WriteLine($"  {Terminal.Kind(reader.IsSavepoint)} {reader.CheckpointId} of job '{reader.JobName}', {Terminal.Time(reader.Timestamp)}");
                console.WriteLine($"  {Terminal.Counted(reader.FileNames.Count + 1, "file")}, {Terminal.Size(reader.Size)}; {Terminal.Counted(reader.Operators.Count, "operator")}, " +
                                  $"{Terminal.Counted(reader.Operators.Sum(o => o.States.Count), "state")}, {Terminal.Units(reader.Operators.Sum(o => o.UnitCount))}");
            }
            return ExitCodes.Ok;
        }
        catch (CheckpointFormatException e)
        {
            var (file, reason) = Locate(folder, e.Message);
            if (json)
            {
                Terminal.WriteJson(output, new JsonObject { ["location"] = folder, ["intact"] = false, ["file"] = file, ["reason"] = reason });
            }
            else
            {
                console.MarkupLine($"[red]damaged[/] {Terminal.Escape(folder)}");
                console.WriteLine($"  {(file is null ? "" : file + ": ")}{reason}");
            }
            return ExitCodes.Damaged;
        }
    }

    /// <summary>Loads with a progress bar over the bytes verified, on a terminal.</summary>
    private static async Task<SavepointReader> LoadAsync(IAnsiConsole console, Places places, string path, bool showProgress, CancellationToken token)
    {
        if (!showProgress) return await CheckpointPath.LoadAsync(places, path, progress: null, token);
        SavepointReader? reader = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("verifying", maxValue: 1);
                reader = await CheckpointPath.LoadAsync(places, path, new ProgressCallback<SavepointProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.ByteCount);
                    task.Value = p.BytesDone;
                    task.Description = Terminal.Escape(p.File);
                }), token);
            });
        return reader!;
    }

    /// <summary>The damaged file (relative to the checkpoint) and what is wrong with it, from the loader's message.</summary>
    public static (string? File, string Reason) Locate(string folder, string message)
    {
        var prefix = folder.TrimEnd('/', '\\');
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return (null, message);
        var rest = message[prefix.Length..];
        if (rest.StartsWith(": ", StringComparison.Ordinal)) return (null, rest[2..]);
        if (rest.Length > 1 && rest[0] is '/' or '\\')
        {
            var end = rest.IndexOf(": ", StringComparison.Ordinal);
            if (end > 1)
            {
                var file = rest[1..end].Split(',')[0];
                var after = rest[(1 + file.Length)..];
                return (file, after.StartsWith(": ", StringComparison.Ordinal) || after.StartsWith(", ", StringComparison.Ordinal) ? after[2..] : after);
            }
        }
        return (null, message);
    }
}
