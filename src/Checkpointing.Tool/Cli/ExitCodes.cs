namespace Checkpointing.Tool.Cli;

/// <summary>What <c>ckpt</c> exits with; scripts branch on these.</summary>
internal static class ExitCodes
{
    /// <summary>Done; the checkpoint is intact.</summary>
    public const int Ok = 0;

    /// <summary>The checkpoint is damaged or incomplete, or the change was refused (a scalar without a Merge).</summary>
    public const int Damaged = 1;

    /// <summary>The command line is wrong: an unknown option, a path that does not exist, an unknown uid or state.</summary>
    public const int Usage = 2;
}

/// <summary>A mistake in what the user asked for, reported as a usage error (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
