using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Locations;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// <c>ckpt list DIR</c>: the checkpoints (<c>&lt;job&gt;/chk-&lt;id&gt;</c> of a storage) and savepoints
/// (<c>savepoint-&lt;job&gt;-&lt;id&gt;-&lt;hex&gt;</c>) under a folder or <c>s3://</c> prefix, each loaded and
/// verified: complete, or torn and why.
/// </summary>
internal static partial class ListCommand
{
    private const int MaxDepth = 3;

    public static Command Create(TextWriter output)
    {
        var dir = new Argument<string>("DIR") { Description = "A checkpoint storage's folder or s3://bucket/prefix, a savepoint's, or any above them." };
        var json = CommonOptions.Json();
        var command = new Command("list", "List checkpoints and savepoints: id, kind, time, size, complete or torn (and why).") { dir, json };
        command.SetAction((result, token) => RunAsync(output, result, result.GetRequiredValue(dir), result.GetValue(json), token));
        return command;
    }

    private sealed record Entry(string Location, string Job, long? Id, string Kind, DateTimeOffset? Time, long Bytes, string? Problem, long Epoch = 0);

    private static async Task<int> RunAsync(TextWriter output, ParseResult result, string dir, bool json, CancellationToken token)
    {
        using var places = Places.From(result);
        var (folders, root) = places.Resolve(dir);
        var top = await folders.ListAsync(root, token) ?? throw new UsageException($"{root}: no such {folders.What}.");
        var found = new List<Entry>();
        await WalkAsync(folders, root, top, 0, found, token);
        var entries = found
            .OrderBy(e => e.Job, StringComparer.Ordinal).ThenByDescending(e => e.Id ?? -1).ThenBy(e => e.Location, StringComparer.Ordinal).ToList();
        if (json)
        {
            Terminal.WriteJson(output, new JsonObject
            {
                ["directory"] = root,
                ["checkpoints"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
                {
                    ["location"] = e.Location,
                    ["job"] = e.Job,
                    ["checkpointId"] = e.Id,
                    ["epoch"] = e.Epoch,
                    ["kind"] = e.Kind,
                    ["timestamp"] = e.Time?.ToUnixTimeMilliseconds(),
                    ["bytes"] = e.Bytes,
                    ["complete"] = e.Problem is null,
                    ["problem"] = e.Problem,
                })]),
            });
            return ExitCodes.Ok;
        }
        var console = Terminal.Console(output);
        if (entries.Count == 0)
        {
            console.WriteLine($"No checkpoints or savepoints under {root}.");
            return ExitCodes.Ok;
        }
        // The epoch column only when a run wrote with one (fenced jobs, as on an Orleans cluster).
        var epochs = entries.Any(e => e.Epoch != 0);
        var table = new Table().AddColumns(["Job", "Id", .. epochs ? ["Epoch"] : Array.Empty<string>(), "Kind", "Time (UTC)", "Size", "Status", "Location"]);
        foreach (var e in entries)
        {
            var id = e.Id?.ToString(CultureInfo.InvariantCulture) ?? "?";
            table.AddRow([
                Terminal.Escape(e.Job), id, .. epochs ? [e.Epoch.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(), e.Kind, e.Time is { } t ? Terminal.Time(t) : "-",
                Terminal.Size(e.Bytes), e.Problem is null ? "[green]complete[/]" : "[red]torn[/]: " + Terminal.Escape(e.Problem),
                Terminal.Escape(folders.Relative(root, e.Location))]);
        }
        console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>Folders that are (or were meant to be) a checkpoint: named like one or holding a <c>_metadata</c> file. Not searched below them.</summary>
    private static async Task WalkAsync(Folders folders, string location, FolderListing listing, int depth, List<Entry> found, CancellationToken token)
    {
        if (CheckpointPath.IsCheckpointFolder(folders.Name(location), listing))
        {
            found.Add(await DescribeAsync(folders, location, listing, token));
            return;
        }
        if (depth >= MaxDepth) return;
        foreach (var child in listing.Folders)
            if (await folders.ListAsync(child, token) is { } below) await WalkAsync(folders, child, below, depth + 1, found, token);
    }

    private static async Task<Entry> DescribeAsync(Folders folders, string location, FolderListing listing, CancellationToken token)
    {
        try
        {
            var reader = await SavepointReader.LoadAsync(folders.Storage, location, progress: null, token);
            return new Entry(location, reader.JobName, reader.CheckpointId, Terminal.Kind(reader.IsSavepoint), reader.Timestamp, reader.Size, null, reader.Epoch);
        }
        catch (CheckpointFormatException e)
        {
            var (file, reason) = VerifyCommand.Locate(location, e.Message);
            var name = folders.Name(location);
            var bytes = listing.Files.Sum(f => f.Length);
            var problem = file is null ? reason : $"{file}: {reason}";
            if (SavepointName.IdOf(name) is { } savepointId && SavepointJob().Match(name) is { Success: true } savepoint)
                return new Entry(location, Unescape(savepoint.Groups[1].Value), savepointId, "savepoint", null, bytes, problem);
            if (CheckpointFolderName.IdOf(name) is { } checkpointId)
                return new Entry(location, Unescape(folders.ParentName(location)), checkpointId, "checkpoint", null, bytes, problem);
            return new Entry(location, "?", null, "?", null, bytes, problem);
        }
    }

    /// <summary>A job folder name back to the job name (<see cref="SavepointName.SafeName"/> writes %XX for characters file names reject).</summary>
    private static string Unescape(string name) => EscapedCharacter().Replace(name, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    /// <summary>The job part of a savepoint name (<see cref="SavepointName.New"/>).</summary>
    [GeneratedRegex("^savepoint-(.+)-[0-9]+-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex SavepointJob();

    [GeneratedRegex("%([0-9A-F]{2})", RegexOptions.CultureInvariant)]
    private static partial Regex EscapedCharacter();
}
