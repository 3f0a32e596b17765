using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Checkpointing.Tool.Cli;
using Checkpointing.Tool.Output;
using Spectre.Console;

namespace Checkpointing.Tool.Commands;

/// <summary>
/// <c>ckpt list DIR</c>: the checkpoints (<c>&lt;job&gt;/chk-&lt;id&gt;</c> of a file-system storage) and savepoints
/// (<c>savepoint-&lt;job&gt;-&lt;id&gt;-&lt;hex&gt;</c>) under a folder, each loaded and verified: complete, or torn and why.
/// </summary>
internal static partial class ListCommand
{
    private const int MaxDepth = 3;

    public static Command Create(TextWriter output)
    {
        var dir = new Argument<string>("DIR") { Description = "A checkpoint storage folder, a savepoint folder, or any folder above them." };
        var json = CommonOptions.Json();
        var command = new Command("list", "List checkpoints and savepoints: id, kind, time, size, complete or torn (and why).") { dir, json };
        command.SetAction(result => Run(output, result.GetRequiredValue(dir), result.GetValue(json)));
        return command;
    }

    private sealed record Entry(string Location, string Job, long? Id, string Kind, DateTimeOffset? Time, long Bytes, string? Problem);

    private static int Run(TextWriter output, string dir, bool json)
    {
        var root = Path.GetFullPath(dir);
        if (!Directory.Exists(root)) throw new UsageException($"{root}: no such folder.");
        var entries = Candidates(root, 0).Select(Describe)
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
        var table = new Table().AddColumns("Job", "Id", "Kind", "Time (UTC)", "Size", "Status", "Location");
        foreach (var e in entries)
        {
            table.AddRow(
                Terminal.Escape(e.Job), e.Id?.ToString(CultureInfo.InvariantCulture) ?? "?", e.Kind, e.Time is { } t ? Terminal.Time(t) : "-",
                Terminal.Size(e.Bytes), e.Problem is null ? "[green]complete[/]" : "[red]torn[/]: " + Terminal.Escape(e.Problem),
                Terminal.Escape(Path.GetRelativePath(root, e.Location)));
        }
        console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>Folders that are (or were meant to be) a checkpoint: named like one or holding a <c>_metadata</c> file. Not searched below them.</summary>
    private static IEnumerable<string> Candidates(string folder, int depth)
    {
        if (IsCheckpointFolder(folder))
        {
            yield return folder;
            yield break;
        }
        if (depth >= MaxDepth) yield break;
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var child in children)
            foreach (var found in Candidates(child, depth + 1))
                yield return found;
    }

    private static bool IsCheckpointFolder(string folder)
    {
        var name = Path.GetFileName(folder);
        return File.Exists(Path.Combine(folder, CheckpointTarget.MetadataFileName)) || CheckpointFolderName.IdOf(name) is not null || SavepointName.IdOf(name) is not null;
    }

    private static Entry Describe(string folder)
    {
        try
        {
            var reader = SavepointReader.Load(folder);
            return new Entry(folder, reader.JobName, reader.CheckpointId, Terminal.Kind(reader.IsSavepoint), reader.Timestamp, reader.Size, null);
        }
        catch (CheckpointFormatException e)
        {
            var (file, reason) = VerifyCommand.Locate(folder, e.Message);
            var name = Path.GetFileName(folder);
            var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            var problem = file is null ? reason : $"{file}: {reason}";
            if (SavepointName.IdOf(name) is { } savepointId && SavepointJob().Match(name) is { Success: true } savepoint)
                return new Entry(folder, Unescape(savepoint.Groups[1].Value), savepointId, "savepoint", null, bytes, problem);
            if (CheckpointFolderName.IdOf(name) is { } checkpointId)
                return new Entry(folder, Unescape(Path.GetFileName(Path.GetDirectoryName(folder)) ?? ""), checkpointId, "checkpoint", null, bytes, problem);
            return new Entry(folder, "?", null, "?", null, bytes, problem);
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
