using System.CommandLine;
using Amazon.Runtime;
using Checkpointing.Tool.Commands;
using Checkpointing.Tool.Locations;

namespace Checkpointing.Tool.Cli;

/// <summary>
/// The <c>ckpt</c> command line: one subcommand per task, each failure reduced to one line on standard error and an
/// exit code (<see cref="ExitCodes"/>); <c>--verbose</c> adds the full exception.
/// </summary>
internal static class ToolCommandLine
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print the full exception on failure.", Recursive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Reads, checks, changes and rescales Checkpointing checkpoints and savepoints, in local folders or s3:// prefixes.")
        {
            Verbose,
            Places.S3Endpoint,
            Places.S3Region,
            ListCommand.Create(output),
            ShowCommand.Create(output),
            VerifyCommand.Create(output),
            RescaleCommand.Create(output),
            DiffCommand.Create(output),
            MigrationCommands.RemoveOperator(output),
            MigrationCommands.RenameUid(output),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) await error.WriteLineAsync("ckpt: " + problem.Message);
            await error.WriteLineAsync("Run 'ckpt --help' for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(configuration);
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            await error.WriteLineAsync("ckpt: " + message);
            if (parsed.GetValue(Verbose)) await error.WriteLineAsync(e.ToString());
            return code;
        }
    }

    /// <summary>The exit code and the one line a failure is reported as.</summary>
    private static (int Code, string Message) Describe(Exception e) => e switch
    {
        CheckpointFormatException => (ExitCodes.Damaged, "damaged: " + OneLine(e.Message)),
        CheckpointRestoreException => (ExitCodes.Damaged, "refused: " + OneLine(e.Message)),
        ArgumentException a => (ExitCodes.Usage, OneLine(a.ParamName is null ? a.Message : a.Message.Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal))),
        UsageException or DirectoryNotFoundException or FileNotFoundException => (ExitCodes.Usage, OneLine(e.Message)),
        IOException or UnauthorizedAccessException => (ExitCodes.Damaged, "I/O error: " + OneLine(e.Message)),
        AmazonServiceException s => (ExitCodes.Damaged, $"S3 error: {(int)s.StatusCode} {s.ErrorCode}: {OneLine(s.Message)}"),
        AmazonClientException or HttpRequestException => (ExitCodes.Damaged, "S3 error: " + OneLine(e.Message)),
        _ => (ExitCodes.Damaged, $"unexpected {e.GetType().Name}: {OneLine(e.Message)} (run with --verbose for details)"),
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
