using System.CommandLine;

namespace Checkpointing.Tool.Cli;

/// <summary>Arguments and options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<string> Path(string description = "The folder of a checkpoint (chk-<id>) or savepoint, or its _metadata file.", string name = "PATH") =>
        new(name) { Description = description };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON with a stable shape instead of tables." };

    public static Option<string> Output() => new("--output", "-o") { Description = "The folder to write the new savepoint into (a savepoint-<job>-<id>-<hex> folder is created there).", Required = true };
}
