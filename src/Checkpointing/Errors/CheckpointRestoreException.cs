namespace Checkpointing;

/// <summary>State cannot be restored as declared: a scalar received several units and has no <c>Merge</c>, state in the checkpoint has no owner, a mode or type does not match.</summary>
public class CheckpointRestoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointRestoreException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public CheckpointRestoreException(string message, Exception inner) : base(message, inner) { }
}
