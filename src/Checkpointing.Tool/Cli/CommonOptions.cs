using System.CommandLine;

namespace Checkpointing.Tool.Cli;

/// <summary>Arguments and options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<string> Path(string description = "A checkpoint (chk-<id>) or savepoint: its folder, its _metadata file, or its s3://bucket/prefix.", string name = "PATH") =>
        new(name) { Description = description };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON with a stable shape instead of tables." };

    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "The folder or s3://bucket/prefix to write the new savepoint into (a savepoint-<job>-<id>-<hex> folder is created there).",
        Required = true,
    };
}
