namespace Checkpointing;

/// <summary>Checkpoint bytes are damaged: wrong magic, unknown version, a length out of bounds, a checksum mismatch or truncation.</summary>
public class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public CheckpointFormatException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A stored checkpoint without metadata: it never completed (a crash or abort while it was written), so nothing was ever committed from it.</summary>
    internal bool NeverCompleted { get; init; }
}
